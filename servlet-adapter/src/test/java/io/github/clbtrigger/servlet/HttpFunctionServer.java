package io.github.clbtrigger.servlet;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * A FunctionGraph HTTP function for the tests, launched by a real {@code bootstrap} script: answers every request
 * with what it saw (method, target, X-CFF-* and forwarding headers, body). {@code /web/exit} makes it exit, to test
 * the restart; {@code /web/big} answers 7 MB. Its responses carry {@code Server}, {@code X-Pad}, {@code X-Accel-*}
 * and the JDK server's {@code Date}, which the frontend must hide.
 */
public final class HttpFunctionServer {

    private HttpFunctionServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            if (path.endsWith("/exit")) {
                Runtime.getRuntime().halt(3);
            }
            if (path.endsWith("/sleep")) {
                try {
                    Thread.sleep(10_000);   // killed mid-request by the fault tests
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (path.endsWith("/big")) {
                byte[] big = new byte[7 * 1024 * 1024];
                exchange.sendResponseHeaders(200, big.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(big);
                } catch (IOException ignored) {
                    // the proxy gave up reading
                }
                return;
            }
            StringBuilder b = new StringBuilder();
            b.append("method=").append(exchange.getRequestMethod()).append('\n');
            b.append("target=").append(exchange.getRequestURI().toString()).append('\n');
            new TreeMap<>(exchange.getRequestHeaders()).forEach((k, v) -> {
                String lower = k.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("x-")) {
                    b.append(lower).append('=').append(String.join("|", v)).append('\n');
                }
            });
            b.append("env=").append(System.getenv("STAGE")).append('\n');
            b.append("port-env=").append(System.getenv("PORT")).append('\n');
            b.append("body=").append(new String(in, StandardCharsets.UTF_8));
            byte[] out = b.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.getResponseHeaders().add("Set-Cookie", "fn=1");
            exchange.getResponseHeaders().add("Set-Cookie", "fn=2");
            // what nginx hides from upstreams by default (the JDK server adds its own Date too)
            exchange.getResponseHeaders().add("Server", "fn-server/1.0");
            exchange.getResponseHeaders().add("X-Pad", "avoid browser bug");
            exchange.getResponseHeaders().add("X-Accel-Buffering", "no");
            exchange.sendResponseHeaders(201, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
    }
}
