package io.github.clbtrigger.samples.canary;

import io.github.clbtrigger.samples.SampleServer;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import java.util.Map;

import org.eclipse.jetty.server.Server;

/** One rule splitting traffic 90/10 between two qualifiers (versions) of one function, by FunctionTargets weight. */
public final class CanaryServer {
    private CanaryServer() {}

    static final String CONFIG = """
            {"LoadBalancerId": "lb-canary",
             "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080, "Rules": [
               {"LocationId": "loc-canary", "Domain": "localhost", "Url": "/", "DefaultServer": true,
                "FunctionTargets": [
                  {"Function": {"FunctionName": "checkout", "FunctionQualifier": "1",
                                "FunctionQualifierType": "VERSION"}, "Weight": 90},
                  {"Function": {"FunctionName": "checkout", "FunctionQualifier": "2",
                                "FunctionQualifierType": "VERSION"}, "Weight": 10}]}]}],
             "Functions": [
               {"FunctionName": "checkout", "Qualifier": "1",
                "Handler": "io.github.clbtrigger.samples.canary.Canary::stable"},
               {"FunctionName": "checkout", "Qualifier": "2",
                "Handler": "io.github.clbtrigger.samples.canary.Canary::canary"}]}
            """;

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
