package io.github.clbtrigger.samples.webapp;

import io.github.clbtrigger.samples.SampleServer;
import io.github.clbtrigger.samples.hello.Hello;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

import org.eclipse.jetty.server.Server;

/**
 * The CLB trigger filter in front of an existing servlet application: {@code /api/*} goes to a function, every
 * other request reaches the webapp untouched. Two ways to install it:
 * <ul>
 *   <li>{@link #createServer(int)}: in code, with a function registered as a lambda;</li>
 *   <li>{@link #createWebXmlServer(int)}: a {@code WEB-INF/web.xml} declaring the filter with its {@code config}
 *       init-param, as a webapp deployed to any container would.</li>
 * </ul>
 */
public final class WebappServer {
    private WebappServer() {}

    static final String CONFIG = """
            {"LoadBalancerId": "lb-webapp",
             "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080, "Rules": [
               {"LocationId": "loc-api", "Domain": "localhost", "Url": "/api/", "DefaultServer": true,
                "FunctionTargets": [{"Function": {"FunctionName": "hello"}, "Weight": 100}]}]}]}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The filter installed in code in front of the webapp, not started.
     *
     * @param port the port; 0 picks a free one
     * @return the server
     */
    public static Server createServer(int port) {
        Hello hello = new Hello();
        ClbTriggerFilter filter = ClbTriggerFilter.builder()
                .config(CONFIG)
                .function("hello", (eventJson, context) -> JSON.writeValueAsString(
                        hello.mainHandler(JSON.readValue(eventJson, new TypeReference<Map<String, Object>>() {}))))
                .build(); // pass-through is the default: unmatched requests reach the webapp
        return SampleServer.create(port, filter, Map.of("/", new GreetingServlet()));
    }

    /**
     * The same webapp deployed from {@code WEB-INF/web.xml} on embedded Tomcat 11, not started: the filter is
     * declared there with its {@code config} init-param, as in a war deployed to any Servlet 6 container.
     *
     * @param port the port; 0 picks a free one
     * @return the server
     */
    public static WebXmlServer createWebXmlServer(int port) {
        return new WebXmlServer(port);
    }

    /**
     * Runs the programmatic sample on port 8080 (or the first argument); {@code --web-xml} runs the web.xml one.
     *
     * @param args optional {@code --web-xml}, optional port
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        boolean webXml = args.length > 0 && args[0].equals("--web-xml");
        int port = args.length > (webXml ? 1 : 0) ? Integer.parseInt(args[webXml ? 1 : 0]) : 8080;
        String tryIt = "curl http://localhost:{port}/api/hi and curl http://localhost:{port}/index.html";
        if (webXml) {
            WebXmlServer server = createWebXmlServer(port);
            server.start();
            System.out.println("Listening on http://127.0.0.1:" + server.port() + "/ (Tomcat, web.xml) - try: "
                    + tryIt.replace("{port}", Integer.toString(server.port())));
            server.join();
        } else {
            SampleServer.run(createServer(port), tryIt);
        }
    }
}
