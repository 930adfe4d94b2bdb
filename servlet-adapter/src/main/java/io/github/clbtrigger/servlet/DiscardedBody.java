package io.github.clbtrigger.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of a request answered without it (301, 400, 404, 503, the 413 of the blocking path), read and dropped
 * after the answer is written, as nginx discards it: a container closing the connection on unread bytes resets it,
 * and a client still sending a large body then loses the answer (a broken pipe instead of the 404). At most
 * {@link #LINGER_BYTES} are read, for at most {@link #LINGER_MS}; nothing is kept. A chain that does
 * not support async gets this after a 413 only (see {@link #after}).
 */
final class DiscardedBody implements ReadListener {

    /**
     * nginx's lingering close, after a 413: the rest of the body is read and discarded (never kept) for at most this
     * long and this many bytes before the connection is closed, so the client reads the 413 instead of a reset
     * (closing a socket with unread input makes TCP send RST, which can overtake the answer). nginx caps only the
     * time; the byte cap here is above the default 6 MB body limit, so a client sending a body just over the limit
     * on a fast link has it drained whole (with 1 MiB, the close overtook the 413 now and then).
     */
    static final long LINGER_MS = 2_000;
    static final long LINGER_BYTES = 8 * 1024 * 1024;

    private final AsyncContext async;
    private final ServletInputStream in;
    private final byte[] buffer = new byte[8192];
    private final AtomicBoolean over = new AtomicBoolean();
    private long discarded;

    private DiscardedBody(AsyncContext async, ServletInputStream in) {
        this.async = async;
        this.in = in;
    }

    /**
     * Starts dropping the body of a request whose answer has just been written on the container's thread, without
     * blocking it: the request then ends when the body does, or at the limits. Where the request cannot go async (the
     * chain does not support it), only a 413's body is dropped, on this thread (a blocking read cannot be timed).
     * Does nothing for a request that has no body.
     */
    static void after(Front front, HttpServletRequest req, HttpServletResponse res) {
        if (hasNoBody(req)) {
            return;
        }
        AsyncContext async = null;
        try {
            res.flushBuffer();
            async = Routing.startAsync(req, res);
        } catch (IOException | RuntimeException e) {
            return; // the client went away
        }
        if (async == null) {
            // Blocking reads cannot be timed: only a 413 is worth a container thread until the body ends (or the
            // container's idle timeout); after other answers the container closes on the body, as before.
            if (res.getStatus() == 413) {
                lingerBlocking(req, res);
            }
            return;
        }
        try {
            async.setTimeout(LINGER_MS * 2);
            DiscardedBody discard = new DiscardedBody(async, req.getInputStream());
            front.functions().schedule(LINGER_MS, TimeUnit.MILLISECONDS, discard::end);
            discard.in.setReadListener(discard);
        } catch (IOException | RuntimeException e) {
            async.complete(); // the client went away, or the container will not read on: it closes, as before
        }
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;   // onAllDataRead follows
            }
            discarded += n;
            if (discarded >= LINGER_BYTES) {
                end();
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        end();
    }

    @Override
    public void onError(Throwable t) {
        end();
    }

    private void end() {
        if (over.compareAndSet(false, true)) {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // the container's own timeout ended it first
            }
        }
    }

    /**
     * Whether the request certainly has no body: {@code Content-Length: 0}, or HTTP/1.x with neither
     * {@code Content-Length} nor {@code Transfer-Encoding} (RFC 9112 section 6.3). An HTTP/2 request without a length
     * may still send DATA frames, so it is read like any other.
     */
    static boolean hasNoBody(HttpServletRequest req) {
        long declared = req.getContentLengthLong();
        if (declared >= 0) {
            return declared == 0;
        }
        String protocol = req.getProtocol();
        return protocol != null && protocol.startsWith("HTTP/1.") && req.getHeader("Transfer-Encoding") == null;
    }

    /**
     * The blocking path's lingering close after a 413, as the async path's: the answer goes out, then the rest of the
     * body is read and dropped (up to {@link #LINGER_BYTES}, or its end), so that the connection is not closed on
     * unread bytes: that resets it, and the client can lose the 413 on its way (seen under load). A client that stops
     * sending holds the thread no longer than it could before the 413: until the container's idle timeout.
     */
    static void lingerBlocking(HttpServletRequest req, HttpServletResponse res) {
        try {
            res.flushBuffer();
            java.io.InputStream body = req.getInputStream();
            byte[] discard = new byte[8192];
            long discarded = 0;
            int n;
            while (discarded < LINGER_BYTES && (n = body.read(discard)) >= 0) {
                discarded += n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away: there is nothing left to protect
        }
    }
}
