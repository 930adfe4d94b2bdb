package io.github.clbtrigger.samples.httpfunction;

import io.github.clbtrigger.samples.SampleServer;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jetty.server.Server;

/**
 * A FunctionGraph HTTP function: the frontend launches {@code functions/web/bootstrap} (a small Java HTTP server),
 * waits for it to accept connections on 127.0.0.1, and proxies {@code /web/...} to it with the {@code X-CFF-*}
 * headers. Stopping the server stops the process.
 */
public final class HttpFunctionServer {
    private HttpFunctionServer() {}

    static final String CONFIG = """
            {"LoadBalancerId": "lb-web",
             "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080, "Rules": [
               {"LocationId": "loc-web", "Domain": "localhost", "Url": "/web/", "DefaultServer": true,
                "FunctionTargets": [{"Function": {"FunctionName": "web"}, "Weight": 100}]}]}],
             "Functions": [{"FunctionName": "web", "Type": "HTTP", "Bootstrap": %s, "Port": %d,
                            "Timeout": 10, "MemorySize": 256,
                            "Environment": {"Variables": [{"Key": "PORT", "Value": "%d"},
                                                          {"Key": "STAGE", "Value": "sample"}]}}]}
            """;

    /**
     * The server with the function on FunctionGraph's port 8000, not started.
     *
     * @param port the frontend's port; 0 picks a free one
     * @return the server
     */
    public static Server createServer(int port) {
        return createServer(port, 8000);
    }

    /**
     * The server with the function on a port of your choice, not started.
     *
     * @param port the frontend's port; 0 picks a free one
     * @param functionPort the port the function's bootstrap listens on
     * @return the server
     */
    public static Server createServer(int port, int functionPort) {
        String bootstrap = io.github.clbtrigger.samples.Responses.quote(bootstrap().toString());
        ClbTriggerFilter filter = ClbTriggerFilter.builder()
                .config(String.format(java.util.Locale.ROOT, CONFIG, bootstrap, functionPort, functionPort))
                .answerNotFound(true)
                .build();
        return SampleServer.create(port, filter, Map.of());
    }

    /** The bootstrap script: under {@code functions/web} from the samples folder or the repository root. */
    static Path bootstrap() {
        for (Path candidate : new Path[] {Path.of("functions", "web", "bootstrap"),
                Path.of("samples", "functions", "web", "bootstrap")}) {
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("functions/web/bootstrap not found: run from the repository or samples/");
    }

    /**
     * Runs the sample on port 8080 (or the first argument).
     *
     * @param args optional port
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        SampleServer.run(createServer(args.length > 0 ? Integer.parseInt(args[0]) : 8080),
                "curl http://localhost:{port}/web/anything?x=1");
    }
}
