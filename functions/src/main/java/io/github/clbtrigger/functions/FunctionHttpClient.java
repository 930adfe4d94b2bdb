package io.github.clbtrigger.functions;

import io.github.clbtrigger.common.Sanitize;
import io.github.clbtrigger.common.HttpTokens;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 client that proxies to FunctionGraph HTTP functions: blocking calls on the function threads
 * over pooled keep-alive connections, as nginx talks to an upstream with {@code keepalive}.
 *
 * <p>Why not java.net.http: its asynchronous API runs completion stages on a new thread per task on machines with
 * two CPUs or fewer, and even its blocking API hands every exchange across its selector thread, a hand-off per
 * request (benchmarks/analysis.md has the numbers). Why not a library client: the filter
 * lives inside any container, and Jetty's or Apache's client would put a second HTTP stack in every webapp.
 *
 * <p>What it does and does not: one request per connection at a time; {@code Content-Length}, chunked and
 * close-delimited response bodies, bounded by the response limit ({@link ResponseTooLargeException} over it) and
 * the head by {@value #MAX_HEAD_BYTES} bytes; interim 1xx responses skipped; cancelling the returned future closes
 * the connection, which aborts the exchange at once. A request that fails on a pooled connection before any byte
 * of the response arrived is sent once more on a new connection when its method is idempotent (nginx does the same
 * for a cached upstream connection the server had closed); nothing else is ever retried. Only header names that are
 * tokens and values without control characters are written, so nothing can split the request.
 */
final class FunctionHttpClient {

    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_IDLE_PER_HOST = 64;
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    private final ExecutorService threads;
    private final ConcurrentHashMap<String, Deque<Connection>> idle = new ConcurrentHashMap<>();

    FunctionHttpClient(ExecutorService threads) {
        this.threads = threads;
    }

    /**
     * Sends one request on a function thread.
     *
     * @param base    {@code http://host:port} (or {@code https}) of the function's server; its path is a prefix
     * @param target  the request target to append (path and query as the client sent them)
     * @param headers the header lines to send, {@code Host} excluded (it is {@code base}'s authority)
     * @param mayRetry whether a call that failed on a pooled connection may be sent again on a new one (false once
     *                 the function's process has exited: the retry would reach its successor)
     */
    CompletableFuture<HttpResponse> send(URI base, String method, String target, List<Header> headers, byte[] body,
            Duration timeout, long maxBodyBytes, BooleanSupplier mayRetry) {
        CompletableFuture<HttpResponse> result = new CompletableFuture<>();
        AtomicReference<Connection> current = new AtomicReference<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<?> task = threads.submit(() -> {
            try {
                byte[] head = head(base, method, target, headers, body);
                Connection c = take(base);
                while (true) {
                    current.set(c);
                    if (result.isDone()) {
                        c.close();
                        return;
                    }
                    try {
                        HttpResponse response = exchange(c, method, head, body, deadline, maxBodyBytes);
                        if (c.reusable) {
                            release(c);
                        } else {
                            c.close();
                        }
                        result.complete(response);
                        return;
                    } catch (IOException e) {
                        c.close();
                        if (c.reused && !c.responseStarted && IDEMPOTENT.contains(method) && !result.isDone()
                                && mayRetry.getAsBoolean()) {
                            c = open(base);   // the server had closed the idle connection: once more, fresh
                            continue;
                        }
                        throw e;
                    }
                }
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                task.cancel(true);
                Connection c = current.get();
                if (c != null) {
                    c.close();   // unblocks a read or write in progress
                }
            }
        });
        return result;
    }

    /** Closes the idle connections to one server (its process exited), or to all ({@code null}: stopping). */
    void closeIdle(URI base) {
        idle.forEach((key, q) -> {
            if (base == null || key.equals(key(base))) {
                for (Connection c = q.poll(); c != null; c = q.poll()) {
                    c.close();
                }
            }
        });
    }

    private static byte[] head(URI base, String method, String target, List<Header> headers, byte[] body)
            throws IOException {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String wireTarget = HttpTokens.percentEncodeNonAscii(target);
        if (!HttpTokens.isToken(method) || !HttpTokens.isTarget(basePath + wireTarget)) {
            throw new IOException("the request cannot be forwarded as HTTP/1.1 (method or target)");
        }
        StringBuilder out = new StringBuilder(256 + headers.size() * 48);
        out.append(method).append(' ').append(basePath).append(wireTarget).append(" HTTP/1.1\r\n");
        out.append("Host: ").append(base.getRawAuthority()).append("\r\n");
        for (Header h : headers) {
            if (HttpTokens.isToken(h.name()) && HttpTokens.isFieldValue(h.value())) {
                out.append(h.name()).append(": ").append(h.value()).append("\r\n");
            }
        }
        if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            out.append("Content-Length: ").append(body.length).append("\r\n");
        }
        out.append("\r\n");
        // header values are Latin-1 on the wire; a character outside it is never written (isFieldValue)
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private HttpResponse exchange(Connection c, String method, byte[] head, byte[] body, long deadline,
            long maxBodyBytes) throws IOException {
        c.timeout(deadline);
        c.out.write(head);
        c.out.write(body);
        c.out.flush();
        while (true) {
            c.timeout(deadline);
            String statusLine = c.line();
            c.responseStarted = true;
            if (statusLine.length() < 12 || !(statusLine.startsWith("HTTP/1.1 ") || statusLine.startsWith("HTTP/1.0 "))
                    || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
                throw new IOException("the function did not answer HTTP/1.x: \"" + Sanitize.forMessage(statusLine, 80)
                        + "\"");
            }
            int status = status(statusLine.substring(9, 12));
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            List<Header> headers = new ArrayList<>();
            long contentLength = -1;
            boolean chunked = false;
            boolean close = http10;
            for (String line = c.line(); !line.isEmpty(); line = c.line()) {
                int colon = line.indexOf(':');
                if (colon <= 0 || !HttpTokens.isToken(line.substring(0, colon))) {
                    throw new IOException("the function sent a malformed header line");
                }
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1).strip();
                String lower = name.toLowerCase(Locale.ROOT);
                switch (lower) {
                    case "content-length" -> {
                        long n = length(value);
                        if (contentLength >= 0 && contentLength != n) {
                            throw new IOException("the function sent conflicting Content-Length headers");
                        }
                        contentLength = n;
                    }
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                    case "connection" -> {
                        String tokens = value.toLowerCase(Locale.ROOT);
                        close = tokens.contains("close") || (http10 && !tokens.contains("keep-alive"));
                    }
                    default -> {
                    }
                }
                headers.add(new Header(name, value));
            }
            if (status < 200 && status != 101) {
                continue;   // 100 Continue, 103 Early Hints: the final response follows
            }
            if (status == 101) {
                throw new IOException("the function switched protocols (101), which a CLB trigger does not carry");
            }
            byte[] bytes;
            boolean delimited = true;
            if (method.equals("HEAD") || status == 204 || status == 304) {
                bytes = new byte[0];
            } else if (chunked) {
                bytes = c.chunked(maxBodyBytes, deadline);
            } else if (contentLength >= 0) {
                if (contentLength > maxBodyBytes) {
                    throw new ResponseTooLargeException(maxBodyBytes);
                }
                bytes = c.exactly((int) contentLength);
            } else {
                bytes = c.untilClose(maxBodyBytes, deadline);
                delimited = false;
            }
            c.reusable = delimited && !close;
            return new HttpResponse(status, List.copyOf(headers), bytes);
        }
    }

    private static int status(String digits) throws IOException {
        if (!digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IOException("the function sent a malformed status line");
        }
        int status = Integer.parseInt(digits);
        if (status < 100 || status > 599) {
            throw new IOException("the function sent status " + status);
        }
        return status;
    }

    private static long length(String value) throws IOException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IOException("the function sent an invalid Content-Length");
        }
        return Long.parseLong(value);
    }

    private Connection take(URI base) throws IOException {
        Deque<Connection> q = idle.get(key(base));
        if (q != null) {
            long now = System.nanoTime();
            for (Connection c = q.pollFirst(); c != null; c = q.pollFirst()) {
                if (now - c.idleSince < MAX_IDLE_NANOS && !c.socket.isClosed()) {
                    c.reused = true;
                    c.responseStarted = false;
                    return c;
                }
                c.close();
            }
        }
        return open(base);
    }

    private void release(Connection c) {
        Deque<Connection> q = idle.computeIfAbsent(c.key, k -> new ConcurrentLinkedDeque<>());
        if (q.size() >= MAX_IDLE_PER_HOST) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        q.offerFirst(c);
    }

    private static Connection open(URI base) throws IOException {
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() >= 0 ? base.getPort() : tls ? 443 : 80;
        Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(base.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
            return new Connection(key(base), socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String key(URI base) {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    /** One connection to a function's server, with bounded reads. */
    private static final class Connection {
        final String key;
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        boolean reused;
        boolean responseStarted;
        boolean reusable;
        long idleSince;

        Connection(String key, Socket socket) throws IOException {
            this.key = key;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        void timeout(long deadline) throws IOException {
            long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (ms <= 0) {
                throw new SocketTimeoutException("the function's timeout passed");
            }
            socket.setSoTimeout((int) Math.min(ms, Integer.MAX_VALUE));
        }

        /** A line of the response head (CRLF or LF), the head bounded to {@value #MAX_HEAD_BYTES} bytes in all. */
        String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int n = 0; ; n++) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the function closed the connection mid-response");
                }
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (n >= MAX_HEAD_BYTES) {
                    throw new IOException("the function's response head is over " + MAX_HEAD_BYTES + " bytes");
                }
                line.append((char) b);
            }
        }

        byte[] exactly(int n) throws IOException {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length < n) {
                throw new EOFException("the function's response body ended after " + bytes.length + " of " + n
                        + " bytes");
            }
            return bytes;
        }

        byte[] chunked(long max, long deadline) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                timeout(deadline);
                String size = line();
                int semicolon = size.indexOf(';');
                String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size).strip();
                if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
                    throw new IOException("the function sent a malformed chunk size");
                }
                long n = Long.parseLong(hex, 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers are not passed on (nginx drops them too)
                    }
                    return body.toByteArray();
                }
                if (body.size() + n > max) {
                    throw new ResponseTooLargeException(max);
                }
                body.write(exactly((int) n));
                if (!line().isEmpty()) {
                    throw new IOException("the function sent a chunk longer than its size");
                }
            }
        }

        byte[] untilClose(long max, long deadline) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            while (true) {
                timeout(deadline);
                int n = in.read(buffer);
                if (n < 0) {
                    return body.toByteArray();
                }
                if (body.size() + n > max) {
                    throw new ResponseTooLargeException(max);
                }
                body.write(buffer, 0, n);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }
}
