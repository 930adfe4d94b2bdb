import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A FunctionGraph HTTP function: a plain HTTP server on 127.0.0.1:8000 (or $PORT), started by ./bootstrap.
 * It answers every request with what FunctionGraph told it: method, path, body size and the X-CFF-* headers.
 */
public final class WebFunction {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", WebFunction::handle);
        server.start();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> cff = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT); // header names are case-insensitive
            if (lower.startsWith("x-cff-")) {
                cff.put(lower, String.join(",", values));
            }
        });
        StringBuilder json = new StringBuilder("{\"runtime\":\"http-function\",\"method\":")
                .append(quote(exchange.getRequestMethod()))
                .append(",\"path\":").append(quote(exchange.getRequestURI().getRawPath()))
                .append(",\"query\":").append(quote(String.valueOf(exchange.getRequestURI().getRawQuery())))
                .append(",\"bodyBytes\":").append(body.length)
                .append(",\"stage\":").append(quote(System.getenv().getOrDefault("STAGE", "")))
                .append(",\"cff\":{");
        String sep = "";
        for (var entry : cff.entrySet()) {
            json.append(sep).append(quote(entry.getKey())).append(':').append(quote(entry.getValue()));
            sep = ",";
        }
        byte[] out = json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, out.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
        }
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
