package io.github.clbtrigger.cli;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.HostPort;

/**
 * In front of everything in {@code clb serve}, what nginx does at the HTTP layer that Jetty would not: it refuses
 * the request lines and framings {@link #refusal} lists and a head that does not fit its buffers
 * ({@link #fitsNginxBuffers}; 400 <i>Request Header Or Cookie Too Large</i>), reading the body first
 * ({@link Drain}), and routes an absolute-form target by its authority, with the connection's scheme. Jetty's own
 * checks are loosened to let these through ({@link Frontend}); its error pages are {@link ErrorPages}.
 */
final class NginxChecks extends Handler.Wrapper {

    /** nginx's {@code client_header_buffer_size 1k}: where a request's head is read first. */
    static final int CLIENT_HEADER_BYTES = 1024;
    /** nginx's {@code large_client_header_buffers 4 8k}: each header line fits one 8 KiB buffer, all of them four. */
    static final int HEADER_LINE_BYTES = 8192;
    static final int HEADER_BYTES = 4 * HEADER_LINE_BYTES;

    NginxChecks(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        int version = request.getConnectionMetaData().getHttpVersion().getVersion();
        int refused = refusal(request, version);
        if (refused == 0 && version < 20 && !fitsNginxBuffers(request)) {
            refused = 431;
        }
        Request routed = refused == 0 ? nginxHost(request, version) : null;
        if (routed == null) {
            int status = refused == 0 ? 400 : refused;
            // The body first (the answer closes the connection, and Jetty reads no more once it is written)
            Drain.start(request, Callback.from(() -> Response.writeError(request, response, callback, status),
                    callback::failed));
            return true;
        }
        return super.handle(routed, response, callback);
    }

    /**
     * The status nginx refuses the request line or framing with, where Jetty would go on; 0 when it does not: a
     * target that is not a path or holds a raw byte that is not UTF-8, a method that is not upper-case letters, '_'
     * and '-' (400; TRACE: 405), a {@code Transfer-Encoding} other than one {@code chunked} (501; two of them, or one
     * in HTTP/1.0: 400), an absolute-form target with user info (400).
     */
    private static int refusal(Request request, int version) {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (path == null || !path.startsWith("/")) {
            return 400;
        }
        if (path.indexOf('\uFFFD') >= 0) {
            // A raw byte that is not UTF-8: Jetty made it U+FFFD, three bytes to the matcher where nginx matches
            // one, so a regex rule could pick another function than nginx. Refused, as Jetty's checks did.
            return 400;
        }
        String method = request.getMethod();
        if (!isNginxMethod(method)) {
            return 400;
        }
        if (method.equals("TRACE")) {
            return 405;
        }
        if (version < 20) {
            java.util.List<String> codings = request.getHeaders().getValuesList(HttpHeader.TRANSFER_ENCODING);
            if (codings.size() > 1 || !codings.isEmpty() && version == 10) {
                return 400;
            }
            if (!codings.isEmpty() && !codings.get(0).strip().equalsIgnoreCase("chunked")) {
                return 501;
            }
            if (uri.getUser() != null) {
                return 400;
            }
        }
        return 0;
    }

    /** nginx's method characters: upper-case letters, '_' and '-' (it answers 400 to anything else, {@code get}). */
    static boolean isNginxMethod(String method) {
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if ((c < 'A' || c > 'Z') && c != '_' && c != '-') {
                return false;
            }
        }
        return !method.isEmpty();
    }

    /**
     * Whether the request's head fits nginx's buffers as nginx fills them: the 1 KiB
     * {@code client_header_buffer_size} first; once a line does not fit there, the
     * {@code large_client_header_buffers}, four of 8 KiB, each holding whole lines only (a line that does not fit
     * in what is left of one moves to the next). So 12 KiB of cookies pass, and five 4.5 KB lines do not. The
     * lines are rebuilt as {@code Name: value} and CRLF (the client's own spacing is gone).
     */
    static boolean fitsNginxBuffers(Request request) {
        HttpURI uri = request.getHttpURI();
        String target = uri.getPathQuery() == null ? "/" : uri.getPathQuery();
        int used = request.getMethod().length() + 1 + target.length() + " HTTP/1.1\r\n".length();
        // A request line over the 1 KiB buffer moves to the first large buffer, and the headers follow it there
        boolean large = used > CLIENT_HEADER_BYTES;
        int buffers = large ? 1 : 0;
        HttpFields fields = request.getHeaders();
        for (int k = 0; k <= fields.size(); k++) {
            // "Name: value" and CRLF; after the last field, the empty line that ends the head
            int line = k < fields.size() ? fields.getField(k).getName().length() + 2
                    + fields.getField(k).getValue().length() + 2 : 2;
            if (line > HEADER_LINE_BYTES) {
                return false;
            }
            if (used + line <= (large ? HEADER_LINE_BYTES : CLIENT_HEADER_BYTES)) {
                used += line;
            } else {
                large = true;
                buffers++;
                used = line;
                if (buffers > HEADER_BYTES / HEADER_LINE_BYTES) {
                    return false;
                }
            }
        }
        return true;
    }

    /** nginx's characters for the host of an absolute-form target (an IPv6 literal aside). */
    private static boolean isRequestLineHost(String host) {
        if (host.startsWith("[")) {
            return true; // Jetty parsed it as an IPv6 literal
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    /**
     * An absolute-form target names the host (RFC 9112 3.2.2): nginx routes by it, whatever the Host header says,
     * and so does the filter here: the request goes on with the target's authority as its Host. Its scheme is
     * not the request's: nginx's {@code $scheme} is the connection's, and so is the one the filter sees (Jetty
     * would take {@code https://} on a plain connection for a secure request). {@code null} for a target's host
     * that nginx refuses.
     */
    private static Request nginxHost(Request request, int version) {
        if (version >= 20) {
            return request; // HTTP/2: :authority is the Host already, :scheme the connection's
        }
        HttpURI uri = request.getHttpURI();
        String authority = uri.getAuthority();
        String host = request.getHeaders().get(HttpHeader.HOST);
        boolean secure = request.getConnectionMetaData().isSecure();
        String scheme = secure ? "https" : "http";
        boolean ownScheme = uri.getScheme() == null || scheme.equalsIgnoreCase(uri.getScheme());
        // Without a Host header (HTTP/1.0, origin-form) Jetty fills the authority in with its own address.
        HostPort own = request.getConnectionMetaData().getServerAuthority();
        boolean jettysAuthority = host == null && own != null && own.getHost().equalsIgnoreCase(uri.getHost())
                && own.getPort() == uri.getPort();
        boolean ownHost = authority == null || jettysAuthority || authority.equalsIgnoreCase(host);
        if (ownScheme && ownHost) {
            return request;
        }
        if (!ownHost && !isRequestLineHost(uri.getHost())) {
            return null; // nginx: 400
        }
        HttpFields headers = ownHost ? request.getHeaders()
                : HttpFields.build(request.getHeaders()).put(HttpHeader.HOST, authority).asImmutable();
        HttpURI connectionUri = ownScheme ? uri : HttpURI.build(uri).scheme(scheme).asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return headers;
            }

            @Override
            public HttpURI getHttpURI() {
                return connectionUri;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }
        };
    }

    /**
     * Before a refusal is written, the request's body is read and dropped (at most 8 MiB, for at most 2 s), as nginx
     * discards it: the refusal closes the connection, and closing on a body still arriving resets it, so that a
     * client still sending may lose the answer.
     */
    static final class Drain implements Runnable {
        static final long MAX_BYTES = 8 * 1024 * 1024;
        static final long MAX_MILLIS = 2_000;

        private final Request request;
        private final Callback callback;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        private long read;
        /** The 2 s end, cancelled once the body has ended: it holds the request, and so the connection. */
        private volatile org.eclipse.jetty.util.thread.Scheduler.Task timeout;

        private Drain(Request request, Callback callback) {
            this.request = request;
            this.callback = callback;
        }

        static void start(Request request, Callback callback) {
            if (request.getConnectionMetaData().getHttpVersion().getVersion() >= 20
                    || request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")) {
                // HTTP/2: the answer ends the stream, not the connection. Expect: no body sent yet, and reading
                // would send the 100 Continue that invites it: the refusal at once.
                callback.succeeded();
                return;
            }
            Drain drain = new Drain(request, callback);
            drain.timeout = request.getComponents().getScheduler().schedule(drain::finish, MAX_MILLIS,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            drain.run();
        }

        @Override
        public void run() {
            while (!done.get()) {
                org.eclipse.jetty.io.Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                boolean last = chunk.isLast() || org.eclipse.jetty.io.Content.Chunk.isFailure(chunk);
                read += chunk.remaining();
                chunk.release();
                if (last || read >= MAX_BYTES) {
                    finish();
                    return;
                }
            }
        }

        private void finish() {
            if (done.compareAndSet(false, true)) {
                org.eclipse.jetty.util.thread.Scheduler.Task task = timeout;
                if (task != null) {
                    task.cancel();
                }
                callback.succeeded();
            }
        }
    }
}
