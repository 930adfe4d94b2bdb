package io.github.clbtrigger.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clbtrigger.functions.ClbFunction;
import io.github.clbtrigger.servlet.ClbTriggerFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The servers the end-to-end {@code wrk} runs hit, all embedded Jetty 12 (ee10) on 127.0.0.1, in one JVM:
 * <table>
 *   <caption>Scenarios</caption>
 *   <tr><th>name</th><th>what</th><th>wrk path</th></tr>
 *   <tr><td>bare</td><td>a hello servlet</td><td>/hello</td></tr>
 *   <tr><td>echo</td><td>ClbTriggerFilter + the in-process {@link #ECHO} function</td><td>/echo</td></tr>
 *   <tr><td>echo-inspector</td><td>echo with the console's inspector and meters fed per request, as in
 *       {@code clb serve} ({@link InspectorObserver})</td><td>/echo</td></tr>
 *   <tr><td>const</td><td>ClbTriggerFilter + the in-process {@link #CONSTANT} function (the frontend's own cost)
 *       </td><td>/echo</td></tr>
 *   <tr><td>pass</td><td>ClbTriggerFilter whose rules do not match, passing through to the hello servlet</td>
 *       <td>/hello</td></tr>
 *   <tr><td>function</td><td>an HTTP function: the hello servlet on its own server, hit directly</td>
 *       <td>/hello</td></tr>
 *   <tr><td>proxy</td><td>ClbTriggerFilter proxying to {@code function} as a FunctionGraph HTTP function</td>
 *       <td>/hello</td></tr>
 *   <tr><td>ref-jdk-async, ref-jdk-blocking, ref-jetty</td><td>{@link ReferenceProxies}: hand-written proxies to
 *       {@code function}, the yardsticks for (d)</td><td>/hello</td></tr>
 * </table>
 * The filter's per-request access log ({@code io.github.clbtrigger.servlet.access}, INFO) is turned down to WARNING,
 * as anyone measuring a server would; the peer's request logging goes to a file too.
 *
 * <p>Usage: {@code E2eHarness PORTS_FILE}; writes {@code name=port} lines to PORTS_FILE once all servers accept
 * connections, then serves until the process is stopped.
 */
public final class E2eHarness {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Kept so that the logger level, set once, is not lost with a collected logger. */
    private static final Logger ACCESS_LOG = Logger.getLogger("io.github.clbtrigger.servlet.access");

    /**
     * The echo function: answers {@code {"echo": payload, "userAgent": User-Agent}} as JSON; the serverless-offline
     * peer (benchmarks/peer/handler.js) does the same.
     */
    static final ClbFunction ECHO = (eventJson, context) -> {
        JsonNode event = MAPPER.readTree(eventJson);
        ObjectNode out = MAPPER.createObjectNode();
        out.set("echo", event.path("payload"));
        out.put("userAgent", event.path("headers").path("User-Agent").asText(""));
        ObjectNode response = MAPPER.createObjectNode();
        response.put("isBase64Encoded", false);
        response.put("statusCode", 200);
        response.putObject("headers").put("Content-Type", "application/json");
        response.put("body", MAPPER.writeValueAsString(out));
        return MAPPER.writeValueAsString(response);
    };

    /**
     * A function that does no work of its own: the same answer as {@link #ECHO} gives a request without a body, as
     * a constant. Under it, scenario {@code const} measures the frontend alone (route, event, decode, write).
     */
    static final ClbFunction CONSTANT = (eventJson, context) ->
            "{\"isBase64Encoded\":false,\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\"},"
                    + "\"body\":\"{\\\"echo\\\":\\\"\\\",\\\"userAgent\\\":\\\"wrk\\\"}\"}";

    private E2eHarness() {
    }

    /** Writes {@code Hello, world!}. */
    static final class Hello extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final byte[] BODY = "Hello, world!\n".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setContentLength(BODY.length);
            resp.getOutputStream().write(BODY);
        }
    }

    static String config(String url, String function, String functions) {
        return "{\"LoadBalancerId\":\"lb-bench\",\"Listeners\":[{\"ListenerId\":\"lbl-http\",\"Protocol\":\"HTTP\","
                + "\"Port\":8080,\"Rules\":[{\"LocationId\":\"loc-1\",\"Domain\":\"localhost\",\"Url\":\"" + url
                + "\",\"DefaultServer\":true,\"FunctionTargets\":[{\"Function\":{\"FunctionNamespace\":\"default\","
                + "\"FunctionName\":\"" + function + "\"},\"Weight\":100}]}]}],\"Functions\":[" + functions + "]}";
    }

    /**
     * Creates one scenario's server on 127.0.0.1.
     *
     * @param scenario     bare, echo, echo-inspector, const, pass, function, proxy or a ref-* proxy
     * @param port         the port, 0 for any
     * @param functionPort for proxy: the port of the function server
     * @return the server, not started
     * @throws Exception if a client of a reference proxy cannot be created
     */
    static Server createServer(String scenario, int port, int functionPort) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ClbTriggerFilter filter = switch (scenario) {
            case "bare", "function", "ref-jdk-async", "ref-jdk-blocking", "ref-jetty" -> null;
            case "echo" -> ClbTriggerFilter.builder()
                    .config(config("/echo", "echo", "{\"FunctionName\":\"echo\",\"MaxConcurrency\":4096}"))
                    .function("echo", ECHO).build();
            case "echo-inspector" -> {
                ClbTriggerFilter f = ClbTriggerFilter.builder()
                        .config(config("/echo", "echo", "{\"FunctionName\":\"echo\",\"MaxConcurrency\":4096}"))
                        .function("echo", ECHO).build();
                f.observe(InspectorObserver.create());
                yield f;
            }
            case "const" -> ClbTriggerFilter.builder()
                    .config(config("/echo", "const", "{\"FunctionName\":\"const\",\"MaxConcurrency\":4096}"))
                    .function("const", CONSTANT).build();
            case "pass" -> ClbTriggerFilter.builder()
                    .config(config("=/only-the-function", "echo",
                            "{\"FunctionName\":\"echo\",\"MaxConcurrency\":4096}"))
                    .function("echo", ECHO).build();
            case "proxy" -> ClbTriggerFilter.builder()
                    .config(config("/", "web", "{\"FunctionName\":\"web\",\"Type\":\"HTTP\",\"Url\":"
                            + "\"http://127.0.0.1:" + functionPort + "\",\"MaxConcurrency\":4096}"))
                    .build();
            default -> throw new IllegalArgumentException("scenario: bare, echo, const, pass, function or proxy, got "
                    + scenario);
        };
        if (filter != null) {
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        URI function = URI.create("http://127.0.0.1:" + functionPort + "/hello");
        HttpServlet servlet = switch (scenario) {
            case "ref-jdk-async" -> new ReferenceProxies.JdkAsync(function);
            case "ref-jdk-blocking" -> new ReferenceProxies.JdkBlocking(function);
            case "ref-jetty" -> {
                org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
                server.addBean(client);
                yield new ReferenceProxies.Jetty(client, function);
            }
            default -> new Hello();
        };
        ServletHolder hello = new ServletHolder(servlet);
        hello.setAsyncSupported(true);
        context.addServlet(hello, "/");
        server.setHandler(context);
        return server;
    }

    private static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /**
     * Starts every scenario and writes their ports.
     *
     * @param args the ports file
     * @throws Exception if a server does not start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: E2eHarness PORTS_FILE");
            System.exit(2);
        }
        ACCESS_LOG.setLevel(Level.WARNING);
        Map<String, Server> servers = new LinkedHashMap<>();
        Server function = createServer("function", 0, 0);
        function.start();
        servers.put("function", function);
        for (String s : List.of("bare", "echo", "echo-inspector", "const", "pass", "proxy", "ref-jdk-async", "ref-jdk-blocking", "ref-jetty")) {
            Server server = createServer(s, 0, port(function));
            server.start();
            servers.put(s, server);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.values().forEach(s -> {
            try {
                s.stop();
            } catch (Exception e) {
                System.err.println("stop: " + e);
            }
        })));
        List<String> lines = new ArrayList<>();
        servers.forEach((name, s) -> lines.add(name + "=" + port(s)));
        Path out = Path.of(args[0]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.write(tmp, lines);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        function.join();
    }
}
