package io.github.clbtrigger.cli;

import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Renders a frontend response as HTTP/1.1 bytes, the way CLB's nginx puts it on the wire. */
final class HttpResponses {
    private HttpResponses() {}

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"), Map.entry(101, "Switching Protocols"), Map.entry(102, "Processing"),
            Map.entry(103, "Early Hints"),
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
            Map.entry(203, "Non-Authoritative Information"), Map.entry(204, "No Content"),
            Map.entry(205, "Reset Content"), Map.entry(206, "Partial Content"), Map.entry(207, "Multi-Status"),
            Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
            Map.entry(303, "See Other"), Map.entry(304, "Not Modified"), Map.entry(307, "Temporary Redirect"),
            Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Not Allowed"),
            Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Time-out"), Map.entry(409, "Conflict"),
            Map.entry(410, "Gone"), Map.entry(411, "Length Required"), Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Request Entity Too Large"), Map.entry(414, "Request-URI Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(416, "Requested Range Not Satisfiable"),
            Map.entry(421, "Misdirected Request"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Temporarily Unavailable"),
            Map.entry(504, "Gateway Time-out"), Map.entry(505, "HTTP Version Not Supported"),
            Map.entry(507, "Insufficient Storage"));

    /** nginx's reason phrase for a status; nginx sends none for codes it does not know. */
    static String reason(int status) {
        return REASONS.getOrDefault(status, "");
    }

    /**
     * Writes the response as the frontend sends it: the function's headers but {@code Date} and {@code Server} (the
     * front end's own), then {@code Content-Length} and the body, neither for a 204 or 304, which have no body.
     */
    static void writeHttp1(HttpResponse response, OutputStream out) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int status = response.statusCode();
        line(head, "HTTP/1.1 " + status + " " + reason(status));
        for (Header header : response.headers()) {
            if (!header.name().equalsIgnoreCase("Date") && !header.name().equalsIgnoreCase("Server")) {
                line(head, header.name() + ": " + header.value());
            }
        }
        boolean bodiless = status == 204 || status == 304;
        if (!bodiless) {
            line(head, "Content-Length: " + response.bodyLength());
        }
        line(head, "");
        head.writeTo(out);
        if (!bodiless) {
            response.writeBodyTo(out);
        }
        out.flush();
    }

    private static void line(ByteArrayOutputStream out, String line) {
        out.writeBytes(line.getBytes(StandardCharsets.UTF_8)); // header values are JSON strings: sent as UTF-8
        out.write('\r');
        out.write('\n');
    }
}
