package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.codec.InboundRequest;
import io.github.clbtrigger.common.Sanitize;
import io.github.clbtrigger.functions.Functions;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.functions.Outcome;
import io.github.clbtrigger.functions.Target;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import io.github.clbtrigger.matcher.RouteResult;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One matched request, served asynchronously: read the body without blocking (up to the limit, within the body
 * timeout), invoke the function, write its response without blocking. Exactly one answer is decided
 * ({@link #decided}); whoever decides first (the body reader, the function, a timer, the container's async
 * timeout) writes it, everyone else stands back.
 */
final class Exchange implements ReadListener, AsyncListener {

    private static final int CHUNK = 32 * 1024;
    /**
     * A body this small is written with one call from the thread that has it: every container's response buffer
     * (8 KiB and up) takes it whole, so the call does not wait for the client; larger ones go through a
     * {@link WriteListener} so that no thread waits on a slow reader.
     */
    static final int DIRECT_WRITE_BYTES = 8 * 1024;
    /**
     * The function's response header lines, in bytes ({@code name: value\r\n}), at most: above it is a 502, as
     * nginx's 8 KiB {@code proxy_buffer_size} gives; 1 KiB of the containers' usual 8 KiB header buffer is left for
     * the headers the container adds itself.
     */
    static final int MAX_RESPONSE_HEADER_BYTES = 7 * 1024;
    /** Slack on top of body timeout + function timeout for the container's own async timeout (a safety net). */
    private static final long ASYNC_SLACK_MS = 30_000;

    private static final byte[] NO_BYTES = new byte[0];

    private final Front front;
    private final Incoming incoming;
    private final AsyncContext async;        // null: the blocking fallback (the chain does not support async)
    private final HttpServletRequest req;
    private final HttpServletResponse res;
    private final RouteResult.Matched match;
    private final Target fn;
    private final long start;
    private final Instant receivedAt = Instant.now();
    private final AtomicBoolean decided = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private ByteArrayOutputStream body;                       // the body read so far: openBody()
    private byte[] buffer;                                    // for reading the body: openBody()
    private ServletInputStream in;
    private volatile Functions.Pending bodyTimer;
    private volatile int status;
    private volatile long bytes;
    private volatile ErrorKind error;
    private volatile byte[] requestBody;                      // as given to the function: for the observer
    private volatile InvocationRecord invocation;             // once the function's outcome is in
    private volatile HttpResponse sent;                       // the response written
    private volatile String reason;
    private volatile boolean lingering;                       // 413 answered: discard what arrives, then close
    private final AtomicBoolean lingerOver = new AtomicBoolean();
    private long discarded;

    Exchange(Front front, AsyncContext async, Incoming in, RouteResult.Matched match, Target fn) {
        this.front = front;
        this.incoming = in;
        this.async = async;
        this.req = in.req();
        this.res = in.res();
        this.match = match;
        this.fn = fn;
        this.start = in.start();
    }

    /**
     * The fallback for a request whose filter chain does not support async (a filter or servlet on its path not
     * declared {@code asyncSupported}; on Tomcat that includes the servlet the path maps to): the same steps on the
     * container's thread, with blocking reads and writes. Limits and timeouts hold all the same; the thread waits.
     */
    void runBlocking() {
        int limit = front.maxRequestBodyBytes();
        if (!DiscardedBody.hasNoBody(req)) {
            // The 408 is written by the timer while this thread still waits in read: it is flushed at once (see
            // respond), and its Connection: close ends the wait when the client goes.
            startBodyTimer();
            try {
                openBody();
                int n;
                while ((n = in.read(buffer)) >= 0 && !decided.get()) {
                    if ((long) body.size() + n > limit) {
                        fail(ErrorKind.BODY_TOO_LARGE, "the request body is over the limit of " + limit + " bytes");
                        DiscardedBody.lingerBlocking(req, res);
                        return;
                    }
                    body.write(buffer, 0, n);
                }
            } catch (IOException | RuntimeException e) {
                fail(ErrorKind.BAD_REQUEST, "reading the request body failed: " + Sanitize.describe(e));
                return;
            }
            bodyTimer.cancel();
            if (decided.get()) {
                return;
            }
        }
        invoke();
    }

    void start() {
        async.setTimeout(front.requestBodyTimeout().toMillis() + fn.timeout().toMillis() + ASYNC_SLACK_MS);
        async.addListener(this);
        if (DiscardedBody.hasNoBody(req)) {
            invoke();   // nothing to wait for: no read listener, no body timer
            return;
        }
        startBodyTimer();
        try {
            openBody().setReadListener(this);
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.BAD_REQUEST, "cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * A body whose {@code Content-Length} is over the limit: 413 at once, then the lingering close (nothing of the
     * body is kept; the function never runs).
     */
    void rejectTooLarge(String why) {
        async.setTimeout(DiscardedBody.LINGER_MS + ASYNC_SLACK_MS);
        async.addListener(this);
        startLingering();
        fail(ErrorKind.BODY_TOO_LARGE, why);
        try {
            openBody().setReadListener(this);
        } catch (IOException | RuntimeException e) {
            endLinger();
        }
    }

    /** The body timeout: a 408 unless the body is all in before it. */
    private void startBodyTimer() {
        long ms = front.requestBodyTimeout().toMillis();
        bodyTimer = front.functions().schedule(ms, TimeUnit.MILLISECONDS,
                () -> fail(ErrorKind.BODY_TIMEOUT, "the request body did not arrive within " + ms + " ms"));
    }

    /**
     * The request body's stream, and the buffer it is read through and the one it is kept in: only for a request that
     * has a body.
     */
    private ServletInputStream openBody() throws IOException {
        body = new ByteArrayOutputStream();
        buffer = new byte[8192];
        in = req.getInputStream();
        return in;
    }

    private void startLingering() {
        lingering = true;
        front.functions().schedule(DiscardedBody.LINGER_MS, TimeUnit.MILLISECONDS, this::endLinger);
    }

    // ---- reading the body --------------------------------------------------------------------------------------

    @Override
    public void onDataAvailable() throws IOException {
        int limit = front.maxRequestBodyBytes();
        while (in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;   // onAllDataRead follows
            }
            if (lingering) {
                discarded += n;
                if (discarded >= DiscardedBody.LINGER_BYTES) {
                    endLinger();   // enough: close now (containers do not close while reads are pending)
                    return;
                }
            } else if (decided.get()) {
                return;
            } else if ((long) body.size() + n > limit) {
                if (async != null) {
                    startLingering();
                }
                fail(ErrorKind.BODY_TOO_LARGE, "the request body is over the limit of " + limit + " bytes");
                return;   // let the container write the 413 first (Tomcat does not while this callback reads on)
            } else {
                body.write(buffer, 0, n);
            }
        }
    }

    @Override
    public void onAllDataRead() {
        if (lingering) {
            endLinger();
            return;
        }
        Functions.Pending t = bodyTimer;
        if (t != null) {
            t.cancel();
        }
        if (decided.get()) {
            return;
        }
        invoke();
    }

    @Override
    public void onError(Throwable t) {
        // Reading failed: the client went away or the container's idle timeout struck.
        fail(ErrorKind.BAD_REQUEST, "reading the request body failed: " + Sanitize.describe(t));
        endLinger();
    }

    // ---- invoking ----------------------------------------------------------------------------------------------

    private void invoke() {
        InboundRequest inbound;
        try {
            inbound = InboundRequests.of(req, match.uri(), receivedAt);
        } catch (RuntimeException e) {
            fail(ErrorKind.BAD_REQUEST, "request not representable: " + e.getMessage());
            return;
        }
        byte[] bodyBytes = body == null || body.size() == 0 ? NO_BYTES : body.toByteArray();
        requestBody = bodyBytes;
        String target = Routing.target(req);
        if (async == null) {
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            fn.invoke(inbound, bodyBytes, target, false, outcome::complete);
            onOutcome(outcome.join());   // completes within the function's timeout
            return;
        }
        fn.invoke(inbound, bodyBytes, target, true, this::onOutcome);
    }

    private void onOutcome(Outcome outcome) {
        invocation = outcome.record();
        respond(outcome instanceof Outcome.Refused refused
                ? new Answer.Refused(refused.kind(), refused.reason(), refused.response())
                : new Answer.Sent(outcome.response()));
    }

    // ---- answering ---------------------------------------------------------------------------------------------

    private void fail(ErrorKind kind, String why) {
        respond(new Answer.Refused(kind, why));
    }

    private void respond(Answer answer) {
        if (answer instanceof Answer.Sent sent && Answers.headerBytes(sent.response()) > MAX_RESPONSE_HEADER_BYTES) {
            // nginx: "upstream sent too big header" is a 502; containers would answer their own 500 page
            fail(ErrorKind.FUNCTION_ERROR, "function " + fn.displayName() + " sent response headers over "
                    + MAX_RESPONSE_HEADER_BYTES + " bytes");
            return;
        }
        ErrorKind kind = answer instanceof Answer.Refused refused ? refused.kind() : null;
        String why = answer instanceof Answer.Refused refused ? refused.why() : null;
        HttpResponse response = Answers.body(answer);
        if (!decided.compareAndSet(false, true)) {
            return;
        }
        Functions.Pending t = bodyTimer;
        if (t != null) {
            t.cancel();
        }
        this.error = kind;
        this.reason = why;
        this.status = response.statusCode();
        this.sent = response;
        count(kind);
        try {
            int length = Answers.writeHead(front, req, res, response, why);
            if (length == 0) {
                finish();
                return;
            }
            if (async == null || length <= DIRECT_WRITE_BYTES) {
                // fits the response buffer: written as the exchange completes, no hand-off to a write callback
                response.writeBodyTo(res.getOutputStream());
                if (kind == ErrorKind.TIMEOUT || kind == ErrorKind.BODY_TIMEOUT || lingering
                        || front.functions().closing()) {
                    // Decided while another thread holds the exchange: the function in the container's dispatch
                    // (InProcessRuntime runs quick functions there), a blocking read of the body, or the lingering
                    // close of an unread one. Undertow sends what was written only when that ends (ScenarioSuite's
                    // stalling function; a 413 waited out the 2 s linger), so send it now.
                    res.flushBuffer();
                }
                bytes = length;
                finish();
                return;
            }
            ServletOutputStream out = res.getOutputStream();
            out.setWriteListener(new Writer(out, response.body()));
        } catch (IOException | RuntimeException e) {
            error = ErrorKind.CLIENT_ABORTED;
            this.reason = (why == null ? "" : why + "; ") + "writing the response failed: " + Sanitize.describe(e);
            finish();
        }
    }

    private final class Writer implements WriteListener {
        private final ServletOutputStream out;
        private final byte[] payload;
        private int pos;

        Writer(ServletOutputStream out, byte[] payload) {
            this.out = out;
            this.payload = payload;
        }

        @Override
        public void onWritePossible() throws IOException {
            while (out.isReady()) {
                if (pos >= payload.length) {
                    finish();
                    return;
                }
                int n = Math.min(CHUNK, payload.length - pos);
                out.write(payload, pos, n);
                pos += n;
                bytes = pos;
            }
        }

        @Override
        public void onError(Throwable t) {
            error = ErrorKind.CLIENT_ABORTED;
            reason = "writing the response failed: " + Sanitize.describe(t);
            finish();
        }
    }

    /** The answer is written: log it, and end the exchange unless the lingering close still runs. */
    private void finish() {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        InvocationRecord record = invocation;
        Answers.log(req, start, match.rule().locationId(), fn.displayName(), status, bytes, error, reason,
                record == null ? null : record.requestId());
        Answers.observe(front, incoming, match, fn.displayName(), requestBody, record, status, sent, null, error,
                reason, bytes);
        if (!lingering || lingerOver.get()) {
            complete();
        }
    }

    /** The lingering close is over (time, bytes, end of body or an error): end the exchange if it is answered. */
    private void endLinger() {
        if (lingerOver.compareAndSet(false, true) && completed.get()) {
            complete();
        }
    }

    private void complete() {
        try {
            if (async != null) {
                async.complete();
            }
        } catch (RuntimeException ignored) {
            // the container already ended the exchange (or both finish and endLinger got here)
        }
    }

    // ---- container events --------------------------------------------------------------------------------------

    @Override
    public void onComplete(AsyncEvent event) {
        // nothing: finish() records
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // The safety net: our own timers decide long before this. Answer synchronously, as the container wants.
        if (decided.compareAndSet(false, true)) {
            status = 504;
            error = ErrorKind.TIMEOUT;
            reason = "the container's async timeout struck";
            count(error);
            try {
                bytes = Answers.writeWhole(front, req, res, ErrorKind.TIMEOUT.response(), reason);
            } catch (IOException | RuntimeException e) {
                error = ErrorKind.CLIENT_ABORTED;
            }
        } else {
            error = ErrorKind.CLIENT_ABORTED;
            reason = "the client did not take the response in time";
        }
        finish();
        endLinger();
    }

    @Override
    public void onError(AsyncEvent event) {
        if (decided.compareAndSet(false, true)) {
            count(ErrorKind.CLIENT_ABORTED);
        }
        error = ErrorKind.CLIENT_ABORTED;
        reason = "the connection failed: " + Sanitize.describe(event.getThrowable());
        finish();
        endLinger();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not used
    }

    /** Counts the decided answer (latency: request start to decision). */
    private void count(ErrorKind kind) {
        front.functions().metrics().record(match.rule().locationId(), fn.displayName(), kind,
                System.nanoTime() - start);
    }
}
