package io.github.clbtrigger.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A FunctionGraph HTTP function for the tests, launched by a bootstrap script: answers "web" on 127.0.0.1:PORT. */
public final class TinyHttpFunction {

    private TinyHttpFunction() {
    }

    /**
     * Listens on the port given.
     *
     * @param args the port
     * @throws IOException when it cannot listen
     */
    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(args[0])), 50);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "web".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
