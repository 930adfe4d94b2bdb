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
 * {@link Exchange#LINGER_BYTES} are read, for at most {@link Exchange#LINGER_MS}; nothing is kept. A chain that does
 * not support async gets this after a 413 only (see {@link #after}).
 */
final class DiscardedBody implements ReadListener {

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
        if (Exchange.hasNoBody(req)) {
            return;
        }
        AsyncContext async = null;
        try {
            res.flushBuffer();
            async = ClbTriggerFilter.startAsync(req, res);
        } catch (IOException | RuntimeException e) {
            return; // the client went away
        }
        if (async == null) {
            // Blocking reads cannot be timed: only a 413 is worth a container thread until the body ends (or the
            // container's idle timeout); after other answers the container closes on the body, as before.
            if (res.getStatus() == 413) {
                Exchange.lingerBlocking(req, res);
            }
            return;
        }
        try {
            async.setTimeout(Exchange.LINGER_MS * 2);
            DiscardedBody discard = new DiscardedBody(async, req.getInputStream());
            front.functions().schedule(Exchange.LINGER_MS, TimeUnit.MILLISECONDS, discard::end);
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
            if (discarded >= Exchange.LINGER_BYTES) {
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
}
