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
 * {@link Exchange#LINGER_BYTES} are read, for at most {@link Exchange#LINGER_MS}; nothing is kept.
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
     * Starts dropping the body of a request whose answer has just been written on the container's thread: without
     * blocking it where the chain supports async (the request then ends when the body does, or at the limits), else
     * on this thread. Does nothing for a request that has no body.
     */
    static void after(Engine engine, HttpServletRequest req, HttpServletResponse res) {
        if (Exchange.hasNoBody(req)) {
            return;
        }
        if (!req.isAsyncSupported()) {
            Exchange.lingerBlocking(req, res);
            return;
        }
        try {
            res.flushBuffer();
            AsyncContext async = req.startAsync(req, res);
            async.setTimeout(Exchange.LINGER_MS * 2);
            DiscardedBody discard = new DiscardedBody(async, req.getInputStream());
            engine.timer.schedule(discard::end, Exchange.LINGER_MS, TimeUnit.MILLISECONDS);
            discard.in.setReadListener(discard);
        } catch (IOException | RuntimeException e) {
            // the client went away, or the container will not read on: it closes the connection, as before
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
