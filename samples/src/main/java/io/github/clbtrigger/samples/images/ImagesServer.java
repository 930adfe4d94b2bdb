package io.github.clbtrigger.samples.images;

import io.github.clbtrigger.samples.SampleServer;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import java.util.Map;

import org.eclipse.jetty.server.Server;

/**
 * Binary content both ways: {@code GET /image.png} returns a PNG from a Base64 integration response, and
 * {@code POST /upload} hands any binary body to the function Base64 encoded.
 */
public final class ImagesServer {
    private ImagesServer() {}

    /** The sample's CLB configuration, {@code clb.json} next to this class (tests serve it too). */
    static final String CONFIG = SampleServer.config(ImagesServer.class);

    /**
     * The images server, not started.
     *
     * @param port the port; 0 picks a free one
     * @return the server
     */
    public static Server createServer(int port) {
        return SampleServer.create(port, ClbTriggerFilter.builder().config(CONFIG).answerNotFound(true).build(),
                Map.of());
    }

    /**
     * Runs the sample on port 8080 (or the first argument).
     *
     * @param args optional port
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        SampleServer.run(createServer(args.length > 0 ? Integer.parseInt(args[0]) : 8080),
                "curl -o image.png http://localhost:{port}/image.png && curl --data-binary @image.png "
                        + "-H 'Content-Type: image/png' http://localhost:{port}/upload");
    }
}
