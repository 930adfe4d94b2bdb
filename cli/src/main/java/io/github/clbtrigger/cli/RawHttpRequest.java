package io.github.clbtrigger.cli;

import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.common.HttpTokens;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One raw HTTP/1.x request as read from a stream: request line, header lines, and a body framed by
 * {@code Content-Length} or {@code Transfer-Encoding: chunked}.
 *
 * <p>Strict where ambiguity could smuggle a request: both framings at once, differing Content-Lengths, a
 * malformed chunk size, obsolete line folding and header names that are not tokens are errors. Lines may end in
 * CRLF or a bare LF, which is what a request typed into a terminal or a heredoc has.
 */
record RawHttpRequest(String method, String target, String version, List<Header> headers, byte[] body) {

    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** Why a request could not be read; the message is the one line {@code clb encode} prints. */
    static final class MalformedRequestException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedRequestException(String message) {
            super(message);
        }
    }

    static RawHttpRequest read(InputStream in, long maxBodyBytes) throws IOException {
        Reader reader = new Reader(in);
        String requestLine = reader.line("request line");
        while (requestLine.isEmpty()) { // RFC 9112 §2.2: ignore at least one empty line before the request line
            requestLine = reader.line("request line");
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !HttpTokens.isToken(parts[0]) || parts[1].isEmpty()) {
            throw new MalformedRequestException("not an HTTP request line: \"" + Messages.oneLine(requestLine) + "\"");
        }
        if (!NginxChecks.isNginxMethod(parts[0])) {
            throw new MalformedRequestException("invalid method \"" + Messages.oneLine(parts[0])
                    + "\" (nginx takes upper-case letters, '_' and '-' only, and answers 400)");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new MalformedRequestException("unsupported HTTP version \"" + Messages.oneLine(parts[2])
                    + "\" (expected HTTP/1.1 or HTTP/1.0)");
        }
        for (int i = 0; i < parts[1].length(); i++) {
            char c = parts[1].charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new MalformedRequestException("request target contains a control, space or non-ASCII character");
            }
        }
        List<Header> headers = new ArrayList<>();
        for (String line = reader.line("header"); !line.isEmpty(); line = reader.line("header")) {
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new MalformedRequestException("obsolete header line folding is not accepted");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !HttpTokens.isToken(line.substring(0, colon))) {
                throw new MalformedRequestException("malformed header line: \"" + Messages.oneLine(line) + "\"");
            }
            String value = line.substring(colon + 1).strip();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == 0 || (c < ' ' && c != '\t') || c == 0x7f) {
                    throw new MalformedRequestException("header " + line.substring(0, colon)
                            + " contains a control character");
                }
            }
            headers.add(new Header(line.substring(0, colon), value));
        }
        checkHost(headers, parts[2]);
        byte[] body = readBody(reader, headers, maxBodyBytes);
        reader.endOfInput();
        return new RawHttpRequest(parts[0], parts[1], parts[2], List.copyOf(headers), body);
    }

    /** nginx answers 400 to an HTTP/1.1 request without a Host, to one with two, and to an invalid host. */
    private static void checkHost(List<Header> headers, String version) throws MalformedRequestException {
        String host = null;
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase("Host")) {
                if (host != null) {
                    throw new MalformedRequestException("more than one Host header (CLB answers 400)");
                }
                host = header.value();
            }
        }
        if (host == null) {
            if (version.equals("HTTP/1.1")) {
                throw new MalformedRequestException("an HTTP/1.1 request needs a Host header (CLB answers 400)");
            }
            return;
        }
        var bad = RequestPaths.badHost(host);
        if (bad.isPresent()) {
            throw new MalformedRequestException("invalid Host \"" + Messages.oneLine(host) + "\": " + bad.get()
                    + " (CLB answers 400)");
        }
    }

    private static byte[] readBody(Reader reader, List<Header> headers, long maxBodyBytes) throws IOException {
        String length = null;
        boolean chunked = false;
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                if (length != null && !length.equals(header.value())) {
                    throw new MalformedRequestException("conflicting Content-Length headers");
                }
                length = header.value();
            } else if (name.equals("transfer-encoding")) {
                if (!header.value().equalsIgnoreCase("chunked")) {
                    throw new MalformedRequestException("unsupported Transfer-Encoding \""
                            + Messages.oneLine(header.value()) + "\" (only chunked)");
                }
                chunked = true;
            }
        }
        if (chunked && length != null) {
            throw new MalformedRequestException("both Content-Length and Transfer-Encoding: chunked");
        }
        if (chunked) {
            return reader.chunked(maxBodyBytes);
        }
        if (length == null) {
            return new byte[0];
        }
        if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedRequestException("invalid Content-Length \"" + Messages.oneLine(length) + "\"");
        }
        long n = Long.parseLong(length);
        if (n > maxBodyBytes) {
            throw new MalformedRequestException("request body of " + n + " bytes is over the limit of "
                    + maxBodyBytes + " bytes");
        }
        return reader.exactly((int) n);
    }

    /** A bounded line and byte reader over the input. */
    private static final class Reader {
        private final InputStream in;
        private int headBytes;
        /** Past the head: chunk-size, chunk-end and trailer lines are each bounded, not counted into the head. */
        private boolean inBody;

        Reader(InputStream in) {
            this.in = in;
        }

        String line(String what) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (line.size() == 0 && headBytes == 0) {
                        throw new MalformedRequestException("no request on standard input");
                    }
                    throw new MalformedRequestException("input ended inside the " + what
                            + " (a request head ends with an empty line)");
                }
                if (inBody ? line.size() >= MAX_HEAD_BYTES : ++headBytes > MAX_HEAD_BYTES) {
                    throw new MalformedRequestException(inBody ? "a " + what + " line is over " + MAX_HEAD_BYTES
                            + " bytes" : "request head is over " + MAX_HEAD_BYTES + " bytes");
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
        }

        /**
         * After the request only line ends may follow (a heredoc's last newline); anything else would be another
         * request, or bytes the body's framing did not announce.
         */
        void endOfInput() throws IOException {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b != '\r' && b != '\n') {
                    throw new MalformedRequestException("input goes on after the request's end (the body is longer "
                            + "than its Content-Length or chunks say; clb encode takes one request)");
                }
            }
        }

        byte[] exactly(int n) throws IOException {
            byte[] body = in.readNBytes(n);
            if (body.length < n) {
                throw new MalformedRequestException("body ended after " + body.length + " of " + n
                        + " bytes announced by Content-Length");
            }
            return body;
        }

        byte[] chunked(long maxBodyBytes) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            inBody = true;
            while (true) {
                String sizeLine = line("chunk size");
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
                if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw new MalformedRequestException("invalid chunk size \"" + Messages.oneLine(sizeLine) + "\"");
                }
                long size = Long.parseLong(hex, 16);
                if (size == 0) {
                    while (!line("trailer").isEmpty()) {
                        // trailers are read and dropped, as CLB's nginx does for proxied requests
                    }
                    return body.toByteArray();
                }
                if (body.size() + size > maxBodyBytes) {
                    throw new MalformedRequestException("chunked request body is over the limit of "
                            + maxBodyBytes + " bytes");
                }
                body.write(exactly((int) size));
                if (!line("chunk").isEmpty()) {
                    throw new MalformedRequestException("chunk data is longer than its size");
                }
            }
        }
    }
}
