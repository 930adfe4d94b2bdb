package io.github.clbtrigger.samples.routing;

import io.github.clbtrigger.samples.SampleServer;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import java.util.Map;

import org.eclipse.jetty.server.Server;

/**
 * Several domains and URL rules on one listener, showing which function answers what:
 * <table>
 *   <caption>rules</caption>
 *   <tr><th>domain</th><th>URL</th><th>function</th></tr>
 *   <tr><td>www.example.com (default)</td><td>{@code =/}</td><td>exact</td></tr>
 *   <tr><td>www.example.com</td><td>{@code /api/}</td><td>api</td></tr>
 *   <tr><td>www.example.com</td><td>{@code ^~/static/}</td><td>assets (no regex is tried below it)</td></tr>
 *   <tr><td>www.example.com</td><td>{@code ~*\.(png|css)$}</td><td>assets</td></tr>
 *   <tr><td>www.example.com</td><td>{@code /}</td><td>fallback</td></tr>
 *   <tr><td>*.example.com</td><td>{@code /}</td><td>api</td></tr>
 * </table>
 * A Host matching no domain goes to the default domain, www.example.com.
 */
public final class RoutingServer {
    private RoutingServer() {}

    /** The sample's CLB configuration, {@code clb.json} next to this class (tests serve it too). */
    static final String CONFIG = SampleServer.config(RoutingServer.class);

    /**
     * The routing server, not started.
     *
     * @param port the port; 0 picks a free one
     * @return the server
     */
    public static Server createServer(int port) {
        ClbTriggerFilter filter = ClbTriggerFilter.builder().config(CONFIG).answerNotFound(true)
                .customHeaders(java.util.Set.of(io.github.clbtrigger.codec.CustomHeader.X_URI)).build();
        return SampleServer.create(port, filter, Map.of());
    }

    /**
     * Runs the sample on port 8080 (or the first argument).
     *
     * @param args optional port
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        SampleServer.run(createServer(args.length > 0 ? Integer.parseInt(args[0]) : 8080),
                "curl -H 'Host: shop.example.com' http://localhost:{port}/static/x.png");
    }
}
