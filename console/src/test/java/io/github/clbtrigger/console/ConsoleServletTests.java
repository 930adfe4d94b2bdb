package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clbtrigger.servlet.ClbTriggerFilter;
import io.github.clbtrigger.servlet.ClbTriggerFilterBuilder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ClbConsoleServlet} inside a webapp, in real containers on a free port: a context at {@code /app} with the
 * trigger filter on {@code /*} (one rule, {@code /}, takes every path) and the console's servlet at
 * {@code /_clb/*}, found by the filter's name as {@code web.xml} would.
 */
class ConsoleServletTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "{\"LoadBalancerId\":\"lb-1\",\"Listeners\":[{\"ListenerId\":\"lbl-http\","
            + "\"Protocol\":\"HTTP\",\"Port\":8080,\"Rules\":[{\"LocationId\":\"loc-all\",\"Domain\":\"localhost\","
            + "\"Url\":\"/\",\"DefaultServer\":true,\"FunctionTargets\":[{\"Function\":{\"FunctionNamespace\":"
            + "\"default\",\"FunctionName\":\"hello\"},\"Weight\":100}]}]}],\"Functions\":[{\"FunctionName\":"
            + "\"hello\"}]}";
    private static final String HELLO = "{\"isBase64Encoded\":false,\"statusCode\":200,\"headers\":"
            + "{\"Content-Type\":\"text/plain\"},\"body\":\"from the function\"}";

    @TempDir
    Path work;

    interface Container extends AutoCloseable {
        /** Starts /app with the filter (named "clb") on /*, the console at /_clb/*, an app servlet at /. */
        URI start(ClbTriggerFilter filter, ClbConsoleServlet console, Path work) throws Exception;
    }

    static List<Container> containers() {
        return List.of(new JettyEe10(), new Tomcat11());
    }

    static ClbTriggerFilter filter(boolean console) {
        ClbTriggerFilterBuilder b = ClbTriggerFilter.builder().config(CONFIG).function("hello", (event, ctx) -> HELLO);
        if (console) {
            b.consolePath("/_clb");
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void servesThePageTheExchangesAndTheProbesUnderTheConsolePath(Container container) throws Exception {
        try (container) {
            ClbConsoleServlet console = new ClbConsoleServlet();
            URI base = container.start(filter(true), console, work);

            HttpResponse<String> routed = get(base, "/app/hello?name=ada");
            assertThat(routed.body()).isEqualTo("from the function");

            // recorded once the answer is written, which may be just after the client has read it
            long deadline = System.nanoTime() + 2_000_000_000L;
            HttpResponse<String> exchanges;
            JsonNode list;
            do {
                exchanges = get(base, "/app/_clb/api/exchanges");
                assertThat(exchanges.statusCode()).isEqualTo(200);
                list = JSON.readTree(exchanges.body()).get("exchanges");
            } while (list.isEmpty() && System.nanoTime() < deadline);
            assertSecurityHeaders(exchanges);
            assertThat(list).hasSize(1);   // the console's own requests are not routed, so not recorded
            assertThat(list.get(0).get("target").asText()).isEqualTo("/app/hello?name=ada");
            assertThat(list.get(0).get("rule").get("locationId").asText()).isEqualTo("loc-all");
            assertThat(list.get(0).get("function").asText()).isEqualTo("default/hello:$LATEST");
            assertThat(list.get(0).get("status").asInt()).isEqualTo(200);
            JsonNode full = JSON.readTree(get(base, "/app/_clb/api/exchanges/" + list.get(0).get("seq").asLong())
                    .body());
            assertThat(full.get("response").get("body").get("text").asText()).isEqualTo("from the function");
            assertThat(full.get("event").get("text").asText()).contains("\"User-Agent\":\"Java-http-client/");

            HttpResponse<String> page = get(base, "/app/_clb/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body()).contains("console.js");
            assertSecurityHeaders(page);

            HttpResponse<String> health = get(base, "/app/_clb/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");
            assertSecurityHeaders(health);
            assertThat(get(base, "/app/_clb/ready").statusCode()).isEqualTo(200);
            assertThat(get(base, "/app/_clb/metrics").body()).contains("clb_requests_total{function=\"default/hello:$LATEST\"");

            HttpResponse<String> bare = get(base, "/app/_clb");
            assertThat(bare.statusCode()).isEqualTo(308);
            assertThat(bare.headers().firstValue("Location")).hasValue("/app/_clb/");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void refusesOtherHostsAndOtherMethods(Container container) throws Exception {
        try (container) {
            URI base = container.start(filter(true), new ClbConsoleServlet(), work);
            HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve("/app/_clb/health")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            assertSecurityHeaders(post);
            String rebound = RawGet.send(base, "/app/_clb/api/exchanges", "attacker.example");
            assertThat(rebound).startsWith("HTTP/1.1 403");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void withoutAConsolePathNothingIsServedAndNothingKept(Container container) throws Exception {
        try (container) {
            ClbConsoleServlet console = new ClbConsoleServlet();
            URI base = container.start(filter(false), console, work);
            assertThat(get(base, "/app/hello").body()).isEqualTo("from the function");
            // the filter routes /_clb like any path: its rule / takes it, and the function answers
            HttpResponse<String> routed = get(base, "/app/_clb/api/exchanges");
            assertThat(routed.body()).isEqualTo("from the function");
            assertThat(routed.headers().firstValue("Content-Security-Policy")).isEmpty();
            assertThat(console.serving()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void mappedAtAPathTheFilterDoesNotReserveItServesNothing(Container container) throws Exception {
        try (container) {
            ClbTriggerFilter filter = ClbTriggerFilter.builder().config(CONFIG.replace("\"Url\":\"/\"",
                    "\"Url\":\"=/app/hello\"")).function("hello", (event, ctx) -> HELLO).consolePath("/other").build();
            URI base = container.start(filter, new ClbConsoleServlet(), work);
            assertThat(get(base, "/app/hello").body()).isEqualTo("from the function");
            HttpResponse<String> health = get(base, "/app/_clb/health");
            assertThat(health.statusCode()).isEqualTo(404);
            assertThat(health.body()).doesNotContain("\"up\"");
            assertThat(get(base, "/app/_clb/api/exchanges").statusCode()).isEqualTo(404);
        }
    }

    private static void assertSecurityHeaders(HttpResponse<String> answer) {
        for (var h : Console.SECURITY_HEADERS) {
            assertThat(answer.headers().firstValue(h.getKey())).as(h.getKey()).hasValue(h.getValue());
        }
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static HttpResponse<String> get(URI base, String target) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(target)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with any Host (java.net.http does not let a caller set Host). */
    static final class RawGet {
        static String send(URI base, String target, String host) throws IOException {
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host
                        + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }

    /** What the webapp serves itself: a path neither the filter nor the console takes. */
    static final class App extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.getWriter().write("app");
        }
    }

    static final class JettyEe10 implements Container {
        private Server server;

        @Override
        public URI start(ClbTriggerFilter filter, ClbConsoleServlet console, Path work) throws Exception {
            server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/app");
            // tag::programmatic[]
            FilterHolder holder = new FilterHolder(filter);   // built with .consolePath("/_clb")
            holder.setName("clb");
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            ServletHolder consoleHolder = new ServletHolder(console);
            consoleHolder.setInitParameter("filterName", "clb");
            consoleHolder.setInitOrder(1);                     // observes from the first request
            context.addServlet(consoleHolder, "/_clb/*");
            // end::programmatic[]
            context.addServlet(new ServletHolder(new App()), "/");
            server.setHandler(context);
            server.start();
            return URI.create("http://127.0.0.1:" + connector.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }

        @Override
        public String toString() {
            return "Jetty 12 ee10";
        }
    }

    static final class Tomcat11 implements Container {
        private Tomcat tomcat;

        @Override
        public URI start(ClbTriggerFilter filter, ClbConsoleServlet console, Path work) throws Exception {
            tomcat = new Tomcat();
            tomcat.setBaseDir(work.resolve("tomcat").toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("/app", null);
            Wrapper app = Tomcat.addServlet(context, "app", (Servlet) new App());
            app.setAsyncSupported(true);
            context.addServletMappingDecoded("/", "app");
            Wrapper consoleWrapper = Tomcat.addServlet(context, "console", (Servlet) console);
            consoleWrapper.addInitParameter("filterName", "clb");
            consoleWrapper.setLoadOnStartup(1);
            context.addServletMappingDecoded("/_clb/*", "console");
            FilterDef def = new FilterDef();
            def.setFilterName("clb");
            def.setFilter(filter);
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("clb");
            map.addURLPattern("/*");
            context.addFilterMap(map);
            tomcat.start();
            return URI.create("http://127.0.0.1:" + connector.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            if (tomcat != null) {   // JUnit closes an argument too
                tomcat.stop();
                tomcat.destroy();
                tomcat = null;
            }
        }

        @Override
        public String toString() {
            return "Tomcat 11";
        }
    }
}
