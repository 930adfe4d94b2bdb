package io.github.clbtrigger.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: golden-vector files, a tiny raw-request reader, and a canonical rendering of responses. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request fixture: request line, header lines, a blank line, then the body bytes. LF line ends. */
    record RawRequest(String method, String uri, String protocol, List<Header> headers, byte[] body) {

        static RawRequest parse(byte[] bytes) {
            int end = indexOf(bytes, new byte[] {'\n', '\n'});
            String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            byte[] body = Arrays.copyOfRange(bytes, end + 2, bytes.length);
            String[] lines = head.split("\n");
            String[] requestLine = lines[0].split(" ");
            List<Header> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(new Header(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()));
            }
            return new RawRequest(requestLine[0], requestLine[1], requestLine[2], headers, body);
        }

        InboundRequest toInbound(String scheme, String client, String vip, Instant receivedAt) {
            String[] c = client.split(":");
            String[] v = vip.split(":");
            return new InboundRequest(method, uri, scheme, protocol, c[0], Integer.parseInt(c[1]), v[0],
                    Integer.parseInt(v[1]), headers, receivedAt);
        }
    }

    private static int indexOf(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (bytes[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no blank line in request fixture");
    }

    /** {@code "<status>\n" + "Name: value\n"... + "\n" + body bytes}. */
    static byte[] render(HttpResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder().append(response.statusCode()).append('\n');
        for (Header header : response.headers()) {
            head.append(header.name()).append(": ").append(header.value()).append('\n');
        }
        head.append('\n');
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(response.body());
        return out.toByteArray();
    }

    static InboundRequest request(List<Header> headers) {
        return new InboundRequest("POST", "/path", "http", "HTTP/1.1", "192.0.2.1", 40000, "10.0.0.1", 80, headers,
                Instant.ofEpochSecond(1_700_000_000L));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
