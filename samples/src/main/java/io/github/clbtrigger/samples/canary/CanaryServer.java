package io.github.clbtrigger.samples.canary;

import io.github.clbtrigger.samples.SampleServer;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import java.util.Map;

import org.eclipse.jetty.server.Server;

/** One rule splitting traffic 90/10 between two qualifiers (versions) of one function, by FunctionTargets weight. */
public final class CanaryServer {
    private CanaryServer() {}

    /** The sample's CLB configuration, {@code clb.json} next to this class (tests serve it too). */
    static final String CONFIG = SampleServer.config(CanaryServer.class);

    /**
     * The canary server, not started.
     *
     * @param port the port; 0 picks a free one
     * @return the server
     */
    public static Server createServer(int port) {
        return SampleServer.create(port, ClbTriggerFilter.builder().config(CONFIG).build(), Map.of());
    }

    /**
     * Runs the sample on port 8080 (or the first argument).
     *
     * @param args optional port
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        SampleServer.run(createServer(args.length > 0 ? Integer.parseInt(args[0]) : 8080),
                "for i in $(seq 20); do curl -s http://localhost:{port}/; echo; done | sort | uniq -c");
    }
}
