package io.github.clbtrigger.test;

import io.github.clbtrigger.codec.Header;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTP/1.1 over one socket per request, written and read by hand: {@code java.net.http} refuses to set a
 * {@code Host} header (a restricted header, unless a JVM-wide system property allows it), and CLB routes by Host.
 * Sends exactly {@link ClbRequest#wireHeaders()}; reads a response framed by {@code Content-Length}, chunked, or
 * the end of the connection, skipping 1xx interim responses. HTTPS trusts any certificate: it is for the local,
 * self-signed listeners of a test, never for anything else.
 */
final class HttpWire {

    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private HttpWire() {
    }

    static ClbResponse exchange(URI base, ClbRequest request, Duration timeout) throws IOException {
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket socket = https ? tls(base.getHost(), port, millis) : new Socket()) {
            if (!https) {
                socket.connect(new InetSocketAddress(base.getHost(), port), millis);
            }
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target())
                    .append(" HTTP/1.1\r\n");
            for (Header h : request.wireHeaders()) {
                head.append(h.name()).append(": ").append(h.value()).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(request.bodyBytes());
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (true) {
                ClbResponse response = read(in, request.method().equals("HEAD"));
                if (response.status() >= 200 || response.status() == 101) {
                    return response;
                }
            }
        }
    }

    private static ClbResponse read(InputStream in, boolean head) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String statusLine = line(in, budget);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        List<Header> headers = new ArrayList<>();
        for (String line = line(in, budget); !line.isEmpty(); line = line(in, budget)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response header line: " + line);
            }
            headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        if (head || status < 200 || status == 204 || status == 304) {
            return new ClbResponse(status, headers, new byte[0]);
        }
        String encoding = value(headers, "Transfer-Encoding");
        String length = value(headers, "Content-Length");
        byte[] body;
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else if (length != null) {
            long n = Long.parseLong(length.strip());
            if (n > MAX_BODY_BYTES) {
                throw new IOException("response body of " + n + " bytes is over " + MAX_BODY_BYTES);
            }
            body = in.readNBytes((int) n);
            if (body.length != n) {
                throw new IOException("response body ended after " + body.length + " of " + n + " bytes");
            }
        } else {
            body = in.readNBytes(MAX_BODY_BYTES);
        }
        return new ClbResponse(status, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] budget = {MAX_HEAD_BYTES};
        while (true) {
            String size = line(in, budget);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
            if (n == 0) {
                while (!line(in, budget).isEmpty()) {
                    // trailers: dropped
                }
                return body.toByteArray();
            }
            if (body.size() + (long) n > MAX_BODY_BYTES) {
                throw new IOException("response body over " + MAX_BODY_BYTES + " bytes");
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new IOException("response chunk ended early");
            }
            body.write(chunk);
            line(in, budget);
        }
    }

    private static String line(InputStream in, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed in the middle of the response head");
            }
            if (--budget[0] < 0) {
                throw new IOException("response head over " + MAX_HEAD_BYTES + " bytes");
            }
            line.append((char) c);
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    private static String value(List<Header> headers, String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst()
                .orElse(null);
    }

    private static Socket tls(String host, int port, int millis) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, null);
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(host, port), millis);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            socket.setSoTimeout(millis);
            socket.startHandshake();
            return socket;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available: " + e.getMessage(), e);
        }
    }

    /** Trusts the local listeners' self-signed certificates; see the class comment. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // a test client: no client certificates
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // the local listener's self-signed certificate, by design
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
