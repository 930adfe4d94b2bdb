package io.github.clbtrigger.samples.hello;

import io.github.clbtrigger.samples.SampleServer;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import java.util.Map;

import org.eclipse.jetty.server.Server;

/** Serves the hello function on {@code /hello}, configured from CLB-shaped JSON. */
public final class HelloServer {
    private HelloServer() {}

    /** The sample's CLB configuration, {@code clb.json} next to this class (tests serve it too). */
    static final String CONFIG = SampleServer.config(HelloServer.class);

    /**
     * The hello server, not started.
     *
     * @param port the port; 0 picks a free one
     * @return the server
     */
    public static Server createServer(int port) {
        ClbTriggerFilter filter = ClbTriggerFilter.builder().config(CONFIG).answerNotFound(true).build();
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
                "curl -d '{\"name\":\"Ada\"}' -H 'Content-Type: application/json' http://localhost:{port}/hello");
    }
}
