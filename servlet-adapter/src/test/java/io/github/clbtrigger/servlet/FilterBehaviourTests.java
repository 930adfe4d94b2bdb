package io.github.clbtrigger.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.github.clbtrigger.functions.ClbConfig;
import io.github.clbtrigger.functions.Functions;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.groups.Tuple;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour that does not depend on the container, checked on Jetty ee10: web.xml set-up, fallbacks, limits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class FilterBehaviourTests {   // public: its static methods are SCF handlers, loaded by name

    private static final String FUNCTIONS = """
            "Functions": [{"FunctionName": "echo", "Handler": "io.github.clbtrigger.functions.SampleHandlers::echo"},
                          {"FunctionName": "slow", "Handler": "io.github.clbtrigger.servlet.FilterBehaviourTests::slow", "Timeout": 1}]""";

    @TempDir
    Path dir;

    private Server server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static String slow(String event) throws InterruptedException {
        Thread.sleep(30_000);
        return "{\"statusCode\": 200}";
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** The code and JSON path of every problem the call reports (it must throw a ConfigException). */
    static List<Tuple> problems(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return ((ConfigException) thrown).problems().stream().map(p -> tuple(p.code(), p.where())).toList();
    }

    private Path config(String rules) throws IOException {
        Path file = dir.resolve("clb.json");
        Files.writeString(file, """
                {"LoadBalancerId": "lb-local", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
                 "Rules": [%s]}], %s}""".formatted(rules, FUNCTIONS));
        return file;
    }

    private Path defaultConfig() throws IOException {
        return config(ScenarioSuite.rule("loc-echo", "/echo", "echo", true) + ","
                + ScenarioSuite.rule("loc-slow", "/slow", "slow", false));
    }

    private URI start(FilterHolder holder, int port) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ScenarioSuite.AppServlet()), "/");
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class WebXml {
        @Test
        void initParamsConfigureTheFilter() throws Exception {
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.class);
            holder.setAsyncSupported(true);
            holder.setInitParameter("config", defaultConfig().toString());
            holder.setInitParameter("notFound", "404");
            holder.setInitParameter("debug", "true");
            URI base = start(holder, 0);
            assertThat(get(base, "/echo").statusCode()).isEqualTo(200);
            HttpResponse<String> notFound = get(base, "/elsewhere");
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.body()).isEqualTo("{\"errno\":404,\"error\":\"Not found.\"}");
            assertThat(notFound.headers().firstValue(ClbTriggerFilter.DEBUG_HEADER)).hasValue("no rule matches");
            jakarta.servlet.ServletContext context = holder.getServletHandler().getServletContext();
            assertThat(ClbTriggerFilter.metrics(context, holder.getName()))
                    .as("the counters of a filter the container made, through its servlet context")
                    .hasValueSatisfying(m -> assertThat(m.byRule()).containsKey("-"));
            holder.getFilter().destroy();
            assertThat(ClbTriggerFilter.metrics(context, holder.getName())).isEmpty();
        }

        @Test
        void theLimitInitParamsTakeEffect() throws Exception {
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.class);
            holder.setAsyncSupported(true);
            holder.setInitParameter("config", defaultConfig().toString());
            holder.setInitParameter("debug", "true");
            holder.setInitParameter("maxResponseBytes", "10");
            URI base = start(holder, 0);
            HttpResponse<String> tooLarge = get(base, "/echo");
            assertThat(tooLarge.statusCode()).isEqualTo(502);
            assertThat(tooLarge.headers().firstValue(ClbTriggerFilter.DEBUG_HEADER))
                    .hasValueSatisfying(v -> assertThat(v).contains("over the limit of 10 bytes"));
        }

        @Test
        void badInitParamsFailInitNamingTheParam() throws IOException {
            String config = defaultConfig().toString();
            assertThatThrownBy(() -> new ClbTriggerFilter().init(filterConfig(Map.of("config", config, "notFound", "maybe"))))
                    .isInstanceOf(ServletException.class).hasMessageContaining("init-param notFound: expected pass or 404");
            assertThatThrownBy(() -> new ClbTriggerFilter().init(filterConfig(Map.of())))
                    .isInstanceOf(ServletException.class).hasMessageContaining("init-param config: required");
            assertThatThrownBy(() -> new ClbTriggerFilter().init(filterConfig(Map.of("config", config, "listeners", "http8080"))))
                    .isInstanceOf(ServletException.class).hasMessageContaining("init-param listeners: expected scheme:port=ListenerId");
            assertThatThrownBy(() -> new ClbTriggerFilter().init(filterConfig(Map.of("config", dir.resolve("missing.json").toString()))))
                    .isInstanceOf(ServletException.class).hasMessageContaining("cannot read");
            assertThatThrownBy(() -> new ClbTriggerFilter().init(filterConfig(Map.of("config", config, "requestBodyTimeout", "soon"))))
                    .isInstanceOf(ServletException.class).hasMessageContaining("init-param requestBodyTimeout: expected seconds");
            assertThatThrownBy(() -> new ClbTriggerFilter().init(filterConfig(Map.of("config", config, "maxResponseBytes", "0"))))
                    .isInstanceOf(ServletException.class).hasMessageContaining("init-param maxResponseBytes: ");
            assertThatThrownBy(() -> new ClbTriggerFilter().init(filterConfig(Map.of("config", config, "watchInterval", "-1"))))
                    .isInstanceOf(ServletException.class).hasMessageContaining("init-param watchInterval: ");
        }
    }

    @Nested
    class Configuration {
        @Test
        void aRuleNamingAnUndefinedFunctionIsRejected() throws IOException {
            Path file = config(ScenarioSuite.rule("loc-x", "/x", "ghost", true));
            assertThat(problems(() -> ClbTriggerFilter.builder().configFile(file).build()))
                    .containsExactly(tuple(ConfigProblem.RESOURCE_NOT_FOUND,
                            "$.Listeners[0].Rules[0].FunctionTargets[0].Function [lbl-http/loc-x]"));
        }

        @Test
        void aHandlerThatDoesNotLoadIsRejectedNamingTheFunction() throws IOException {
            Path file = dir.resolve("bad.json");
            Files.writeString(file, """
                    {"LoadBalancerId": "lb-local", "Listeners": [],
                     "Functions": [{"FunctionName": "f", "Handler": "no.such.Cls::handle"}]}""");
            assertThat(problems(() -> ClbTriggerFilter.builder().configFile(file).build()))
                    .containsExactly(tuple(ConfigProblem.RESOURCE_NOT_FOUND, "$.Functions[0].Handler"));
        }

        @Test
        void checkFunctionsFindsWhatBuildFindsWithoutLoadingAHandler() throws IOException {
            Path ghost = config(ScenarioSuite.rule("loc-x", "/x", "ghost", true));
            String ghostJson = Files.readString(ghost);
            assertThat(problems(() -> Functions.check(ClbConfig.parse(ghostJson, dir))))
                    .containsExactly(tuple(ConfigProblem.RESOURCE_NOT_FOUND,
                            "$.Listeners[0].Rules[0].FunctionTargets[0].Function [lbl-http/loc-x]"));
            String unloadable = """
                    {"LoadBalancerId": "lb-local", "Listeners": [],
                     "Functions": [{"FunctionName": "f", "Handler": "no.such.Cls::handle"}]}""";
            // build() would fail on the class; the check does not load it
            Functions.check(ClbConfig.parse(unloadable, dir));
        }

        @Test
        void aRegisteredFunctionWhoseEntryAlsoNamesAUrlIsRejected() throws IOException {
            Path file = dir.resolve("both.json");
            Files.writeString(file, """
                    {"LoadBalancerId": "lb-local", "Listeners": [],
                     "Functions": [{"FunctionName": "e", "Url": "http://127.0.0.1:9/invoke"}]}""");
            assertThat(problems(() -> ClbTriggerFilter.builder().configFile(file)
                    .function("e", (event, context) -> "{}").build()))
                    .containsExactly(tuple(ConfigProblem.FORMAT_ERROR, "$.Functions[0].Url"));
        }

        @Test
        void anInstanceInitialisedAgainAfterDestroyServesAgain() throws Exception {
            ClbTriggerFilter filter = ClbTriggerFilter.builder().configFile(defaultConfig()).build();
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            URI base = start(holder, 0);
            assertThat(get(base, "/echo").statusCode()).isEqualTo(200);
            // what a container does on a redeploy of the same instance
            filter.destroy();
            filter.init(null);
            assertThat(get(base, "/echo").statusCode()).isEqualTo(200);
        }

        @Test
        void applyingTextSwapsItInOrSaysEveryProblemAndKeepsServing() throws Exception {
            ClbTriggerFilter filter = ClbTriggerFilter.builder().configFile(defaultConfig()).build();
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            URI base = start(holder, 0);
            assertThat(get(base, "/moved").body()).as("no rule yet: down the chain").startsWith("servlet GET /moved");
            String moved = Files.readString(config(ScenarioSuite.rule("loc-moved", "/moved", "echo", true)));

            assertThat(problems(() -> filter.apply(moved.replace("\"Functions\": [", "\"Functions\": [{\"FunctionName\": "
                    + "\"x\", \"Handler\": \"a.B::c\", \"Timeout\": \"abc\", \"MemorySize\": 1},"))))
                    .containsExactly(tuple(ConfigProblem.FORMAT_ERROR, "$.Functions[0].Timeout"),
                            tuple(ConfigProblem.FORMAT_ERROR, "$.Functions[0].MemorySize"));
            assertThat(get(base, "/echo").body()).as("the invalid text changed nothing").startsWith("{\"headers\"");

            filter.apply(moved);
            assertThat(get(base, "/moved").body()).startsWith("{\"headers\"");
            assertThat(get(base, "/echo").body()).as("the rule is gone: down the chain").startsWith("servlet GET /echo");
        }

        @Test
        void applyingParsedTextServesAndRefusesExactlyAsApplyingTheText() throws Exception {
            ClbTriggerFilter filter = ClbTriggerFilter.builder().configFile(defaultConfig()).build();
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            URI base = start(holder, 0);
            String moved = Files.readString(config(ScenarioSuite.rule("loc-moved", "/moved", "echo", true)));
            String badFunctions = moved.replace("\"Functions\": [", "\"Functions\": [{\"FunctionName\": \"x\", "
                    + "\"Handler\": \"a.B::c\", \"Timeout\": \"abc\"},");
            String ghost = Files.readString(config(ScenarioSuite.rule("loc-ghost", "/ghost", "ghost", true)));
            for (String invalid : List.of(badFunctions, ghost)) {
                List<Tuple> expected = problems(() -> filter.apply(invalid));
                assertThat(expected).isNotEmpty();
                assertThat(problems(() -> filter.apply(invalid, LoadBalancerConfig.parse(invalid))))
                        .isEqualTo(expected);
            }
            assertThat(get(base, "/moved").body()).as("nothing applied yet").startsWith("servlet GET /moved");

            filter.apply(moved, LoadBalancerConfig.parse(moved));
            assertThat(get(base, "/moved").body()).startsWith("{\"headers\"");
            assertThat(get(base, "/echo").body()).as("the rule is gone: down the chain").startsWith("servlet GET /echo");
            String back = Files.readString(defaultConfig());
            filter.apply(back, LoadBalancerConfig.parse(back));
            assertThat(get(base, "/echo").statusCode()).isEqualTo(200);
            assertThat(get(base, "/moved").body()).startsWith("servlet GET /moved");
        }

        @Test
        void anObserverSeesTheRecordOfEveryInvocation() throws Exception {
            List<InvocationRecord> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.builder().configFile(defaultConfig())
                    .observer(seen::add).build());
            holder.setAsyncSupported(true);
            URI base = start(holder, 0);
            assertThat(get(base, "/echo").statusCode()).isEqualTo(200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);   // the observer runs after the answer is handed on
            }
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.function().functionName()).isEqualTo("echo");
                assertThat(r.event()).isPresent();
                assertThat(r.verdict()).isPresent();
            });
        }

        /** What a request observer copies out of a record during its call. */
        record Seen(String requestId, String invocationId, String method, String target, String host, String rule,
                String explanation, String function, String body, int status, String response, String redirect,
                String error) {}

        @Test
        void aRequestObserverSeesTheRequestTheRuleTheInvocationAndTheAnswerOfEveryAnsweredRequest() throws Exception {
            List<Seen> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            ClbTriggerFilter filter = ClbTriggerFilter.builder().configFile(config(
                    ScenarioSuite.rule("loc-echo", "/echo", "echo", true) + ","
                            + ScenarioSuite.rule("loc-dir", "/dir/", "echo", false))).answerNotFound(true).build();
            filter.observe(r -> seen.add(new Seen(r.requestId().orElse(null),
                    r.invocation().map(InvocationRecord::requestId).orElse(null), r.request().getMethod(), r.target(),
                    r.host().orElse(null), r.match().map(m -> m.rule().locationId()).orElse(null), r.explanation(),
                    r.function().orElse(null), new String(r.body(), StandardCharsets.UTF_8), r.status(),
                    r.response().map(x -> new String(x.body(), StandardCharsets.UTF_8)).orElse(null),
                    r.redirect().orElse(null), r.error().map(Enum::name).orElse(null))));
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            URI base = start(holder, 0);
            HttpResponse<String> echo = client.send(HttpRequest.newBuilder(base.resolve("/echo?q=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("ping")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(get(base, "/nowhere").statusCode()).isEqualTo(404);
            assertThat(get(base, "/dir").statusCode()).isEqualTo(301);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(seen).hasSize(3);
            assertThat(seen.get(0)).satisfies(s -> {
                assertThat(s.requestId()).isNotBlank().isEqualTo(s.invocationId());
                assertThat(s.method()).isEqualTo("POST");
                assertThat(s.target()).isEqualTo("/echo?q=1");
                assertThat(s.host()).startsWith("127.0.0.1:");
                assertThat(s.rule()).isEqualTo("loc-echo");
                assertThat(s.explanation()).contains("loc-echo");
                assertThat(s.function()).isEqualTo("default/echo:$LATEST");
                assertThat(s.body()).isEqualTo("ping");
                assertThat(s.status()).isEqualTo(200);
                assertThat(s.response()).isEqualTo(echo.body());
                assertThat(s.error()).isNull();
            });
            assertThat(seen.get(1)).satisfies(s -> {
                assertThat(s.requestId()).as("no function ran").isNull();
                assertThat(s.rule()).isNull();
                assertThat(s.status()).isEqualTo(404);
                assertThat(s.error()).isEqualTo("NOT_FOUND");
                assertThat(s.response()).isEqualTo("{\"errno\":404,\"error\":\"Not found.\"}");
            });
            assertThat(seen.get(2)).satisfies(s -> {
                assertThat(s.status()).isEqualTo(301);
                assertThat(s.redirect()).endsWith("/dir/");
                assertThat(s.response()).isNull();
            });

            filter.stopObserving();
            assertThat(get(base, "/echo").statusCode()).isEqualTo(200);
            Thread.sleep(100);
            assertThat(seen).as("detached: nothing more").hasSize(3);
        }

        @Test
        void aListenerMappingSelectsTheListener() throws Exception {
            int port = ScenarioSuite.freePort();
            Path file = dir.resolve("two.json");
            Files.writeString(file, """
                    {"LoadBalancerId": "lb-local", "Listeners": [
                      {"ListenerId": "lbl-a", "Protocol": "HTTP", "Port": 8080, "Rules": [%s]},
                      {"ListenerId": "lbl-b", "Protocol": "HTTP", "Port": 8081, "Rules": [%s]}], %s}"""
                    .formatted(ScenarioSuite.rule("loc-a", "/a", "echo", true), ScenarioSuite.rule("loc-b", "/b", "echo", true),
                            FUNCTIONS));
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.builder().configFile(file).listener("http", port, "lbl-b").build());
            holder.setAsyncSupported(true);
            URI base = start(holder, port);
            assertThat(get(base, "/b").body()).startsWith("{\"headers\"");
            assertThat(get(base, "/a").body()).startsWith("servlet GET /a");

            assertThatThrownBy(() -> ClbTriggerFilter.builder().configFile(file).listener("http", port, "lbl-zzz").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lbl-zzz");
        }
    }

    @Nested
    class WithoutAsyncSupport {
        @Test
        void theFilterFallsBackToBlockingWithTheSameLimits() throws Exception {
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.builder().configFile(defaultConfig()).build());
            holder.setAsyncSupported(false);
            URI base = start(holder, 0);
            HttpResponse<String> echo = client.send(HttpRequest.newBuilder(base.resolve("/echo"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(echo.body()).path("payload").path("a").asInt()).isEqualTo(1);
            long start = System.nanoTime();
            HttpResponse<String> slow = get(base, "/slow");
            assertThat(slow.statusCode()).isEqualTo(504);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2500);
            HttpResponse<String> big = client.send(HttpRequest.newBuilder(base.resolve("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[7 * 1024 * 1024])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isEqualTo(413);
        }
    }

    @Nested
    class DiscardedBodies {
        /**
         * A large body sent to what the filter answers without reading it (here a 404) is read and dropped, as nginx
         * does: the client gets the answer, not a reset, and the connection stays usable. (A chain without async
         * support drops only a 413's body: a blocking read cannot be timed.)
         */
        @Test
        void aLargeBodyToAnAnsweredPathDoesNotCostTheClientItsAnswer() throws Exception {
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.builder().configFile(defaultConfig())
                    .answerNotFound(true).build());
            holder.setAsyncSupported(true);
            URI base = start(holder, 0);
            byte[] body = new byte[5_000_000];
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                var out = socket.getOutputStream();
                var in = new java.io.BufferedInputStream(socket.getInputStream());
                out.write(("POST /elsewhere HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);   // a reset would fail this write (broken pipe) before the 404 could be read
                out.flush();
                assertThat(status(in)).isEqualTo(404);
                out.write("GET /echo HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(status(in)).as("the same connection, kept alive").isEqualTo(200);
            }
        }

        /** Reads one response with a Content-Length body off a kept-alive connection; returns its status. */
        private int status(java.io.InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                assertThat(c).as("the connection ended inside a response head: " + head).isNotNegative();
                head.append((char) c);
            }
            var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    @Nested
    class SlowClients {
        /** The body timeout holds on the async path and on the blocking fallback (a chain that is not async). */
        @ParameterizedTest(name = "async supported: {0}")
        @ValueSource(booleans = {true, false})
        void aBodyThatDoesNotArriveIs408(boolean async) throws Exception {
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.builder().configFile(defaultConfig())
                    .requestBodyTimeout(Duration.ofMillis(300)).build());
            holder.setAsyncSupported(async);
            URI base = start(holder, 0);
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 100\r\n\r\nonly a little").getBytes(StandardCharsets.ISO_8859_1));
                long start = System.nanoTime();
                byte[] head = new byte[12];
                int n = socket.getInputStream().readNBytes(head, 0, head.length);
                assertThat(new String(head, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 408");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
            }
        }

        @Test
        void connectIsABadRequestNotARouteLookup() throws Exception {
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.builder().configFile(defaultConfig())
                    .answerNotFound(true).build());
            holder.setAsyncSupported(true);
            URI base = start(holder, 0);
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] head = new byte[12];
                int n = socket.getInputStream().readNBytes(head, 0, head.length);
                assertThat(new String(head, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 400");
            }
        }

        @Test
        void aBodylessRequestIsServedAtOnceAndAChunkedOneIsStillReadToItsEnd() throws Exception {
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.builder().configFile(defaultConfig())
                    .requestBodyTimeout(Duration.ofSeconds(5)).build());
            holder.setAsyncSupported(true);
            URI base = start(holder, 0);
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                var out = socket.getOutputStream();
                // no Content-Length, no Transfer-Encoding: no body (RFC 9112), answered without waiting for one
                out.write("GET /echo HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                String first = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(first).startsWith("HTTP/1.1 200").contains("\"payload\":\"\"");
            }
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                var out = socket.getOutputStream();
                // a GET whose body comes chunked, in two parts: read to its end, not taken for a bodyless one
                out.write(("GET /echo HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/plain\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(200);
                out.write("6\r\n world\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                String second = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(second).startsWith("HTTP/1.1 200").contains("\"payload\":\"hello world\"");
            }
        }

        @Test
        void aDeclaredOversizeBodyIs413BeforeAnyOfItIsRead() throws Exception {
            FilterHolder holder = new FilterHolder(ClbTriggerFilter.builder().configFile(defaultConfig())
                    .maxRequestBodyBytes(1000).build());
            holder.setAsyncSupported(true);
            URI base = start(holder, 0);
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1000000\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(response).startsWith("HTTP/1.1 413").contains("{\"errno\":413,\"error\":\"Request entity too large.\"}");
            }
        }
    }

    @Nested
    class Failures {
        @Test
        void unreachableFunctionsAre502AndTheDebugReasonCannotSplitTheResponse() throws Exception {
            int closed = ScenarioSuite.freePort();
            Path web = dir.resolve("web");
            Files.createDirectories(web);
            Files.writeString(web.resolve("bootstrap"), "#!/bin/bash\nexit 1\n");   // not executable
            Path file = dir.resolve("fail.json");
            Files.writeString(file, """
                    {"LoadBalancerId": "lb-local", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
                     "Rules": [%s, %s, %s]}],
                     "Functions": [{"FunctionName": "remote", "Url": "http://127.0.0.1:%d/invoke"},
                                   {"FunctionName": "web", "Type": "HTTP", "Bootstrap": "web/bootstrap", "Port": %d},
                                   {"FunctionName": "split", "Handler": "io.github.clbtrigger.servlet.FilterBehaviourTests::split"}]}"""
                    .formatted(ScenarioSuite.rule("loc-remote", "/remote", "remote", true),
                            ScenarioSuite.rule("loc-web", "/web", "web", false),
                            ScenarioSuite.rule("loc-split", "/split", "split", false), closed, closed));
            java.util.logging.Logger access = java.util.logging.Logger.getLogger("io.github.clbtrigger.servlet.access");
            java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.logging.Handler capture = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord r) {
                    lines.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            access.addHandler(capture);
            try {
                FilterHolder holder = new FilterHolder(ClbTriggerFilter.builder().configFile(file).debug(true).build());
                holder.setAsyncSupported(true);
                URI base = start(holder, 0);
                HttpResponse<String> remote = get(base, "/remote");
                assertThat(remote.statusCode()).isEqualTo(502);
                assertThat(remote.headers().firstValue(ClbTriggerFilter.DEBUG_HEADER)).hasValueSatisfying(
                        v -> assertThat(v).contains("default/remote:$LATEST", "ConnectException"));
                HttpResponse<String> webResponse = get(base, "/web");
                assertThat(webResponse.statusCode()).isEqualTo(502);
                assertThat(webResponse.headers().firstValue(ClbTriggerFilter.DEBUG_HEADER))
                        .hasValueSatisfying(v -> assertThat(v).contains("cannot be launched"));
                HttpResponse<String> split = get(base, "/split");
                assertThat(split.statusCode()).isEqualTo(502);
                assertThat(split.headers().firstValue("Injected")).isEmpty();
                assertThat(split.headers().firstValue(ClbTriggerFilter.DEBUG_HEADER))
                        .hasValueSatisfying(v -> assertThat(v).contains("first??Injected: yes").doesNotContain("\r", "\n"));
                assertThat(lines).anySatisfy(l -> assertThat(l)
                        .matches("127\\.0\\.0\\.1:\\d+ \"127\\.0\\.0\\.1:\\d+\" GET \"/remote\" loc-remote "
                                + "default/remote:\\$LATEST 502 \\d+ \\d+ms id=\\S+ reason=.*"));
            } finally {
                access.removeHandler(capture);
            }
        }
    }

    public static String split(String event) {
        throw new IllegalStateException("first\r\nInjected: yes");
    }

    private static FilterConfig filterConfig(Map<String, String> params) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "clb";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }
}
