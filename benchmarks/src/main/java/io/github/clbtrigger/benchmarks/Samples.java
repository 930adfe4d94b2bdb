package io.github.clbtrigger.benchmarks;

import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/** The deterministic requests, bodies and function values the codec benchmarks use. */
final class Samples {
    private Samples() {
    }

    static final Instant RECEIVED_AT = Instant.parse("2026-01-02T03:04:05.678Z");

    /** A typical API request: ten header lines, JSON of {@code bodyBytes} bytes declared in Content-Type. */
    static InboundRequest request(String contentType, int bodyBytes) {
        List<Header> headers = List.of(
                new Header("Host", "api.example.com"),
                new Header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"),
                new Header("Accept", "application/json"),
                new Header("Accept-Encoding", "gzip, deflate, br"),
                new Header("Accept-Language", "en-US,en;q=0.9"),
                new Header("Content-Type", contentType),
                new Header("Content-Length", Integer.toString(bodyBytes)),
                new Header("Cookie", "session=7f3c2a9e41b04d6e; theme=dark"),
                new Header("X-Request-Id", "5b1f0e7a-6c2d-4e8f-9a3b-1c2d3e4f5a6b"),
                new Header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl"));
        return new InboundRequest("POST", "/api/orders", "http", "HTTP/1.1", "203.0.113.7", 52144, "10.0.0.5",
                80, headers, RECEIVED_AT);
    }

    /** A JSON document of exactly {@code size} bytes (an order with line items, padded by a note). */
    static byte[] json(int size) {
        StringBuilder sb = new StringBuilder(size);
        sb.append("{\"orderId\":\"ord-20260102-0001\",\"customer\":{\"id\":4711,\"name\":\"Ada Lovelace\","
                + "\"email\":\"ada@example.com\"},\"items\":[");
        int i = 0;
        while (sb.length() < size - 200) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"sku\":\"SKU-").append(1000 + i).append("\",\"qty\":").append(i % 5 + 1)
                    .append(",\"price\":").append(9.5 + i).append('}');
            i++;
        }
        sb.append("],\"paid\":true,\"note\":\"");
        while (sb.length() < size - 2) {
            sb.append('x');
        }
        sb.append("\"}");
        byte[] out = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (out.length != size) {
            throw new IllegalStateException("json(" + size + ") is " + out.length + " bytes");
        }
        return out;
    }

    /** {@code size} bytes from a fixed seed. */
    static byte[] binary(int size) {
        byte[] out = new byte[size];
        new SplittableRandom(42).nextBytes(out);
        return out;
    }

    /** The body of the typical response: a small JSON document, escaped in the function value. */
    static final String TYPICAL_RESPONSE_BODY =
            "{\"ok\":true,\"orderId\":\"ord-20260102-0001\",\"status\":\"accepted\",\"eta\":3}";

    /** A function value with three headers and {@code body} as its (escaped) JSON string body. */
    static byte[] textResponse(byte[] body) {
        return textResponse(body, true);
    }

    /** A function value with {@code body} as its (escaped) string body, and three headers or an empty object. */
    static byte[] textResponse(byte[] body, boolean headers) {
        String escaped = new String(body, StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"isBase64Encoded\":false,\"statusCode\":200,\"headers\":{"
                + (headers ? "\"Content-Type\":\"application/json\",\"Cache-Control\":\"no-store\","
                        + "\"X-Request-Id\":\"5b1f0e7a-6c2d-4e8f-9a3b-1c2d3e4f5a6b\"" : "")
                + "},\"body\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A function value carrying {@code body} in Base64. */
    static byte[] binaryResponse(byte[] body) {
        return ("{\"isBase64Encoded\":true,\"statusCode\":200,\"headers\":{\"Content-Type\":"
                + "\"application/octet-stream\"},\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
