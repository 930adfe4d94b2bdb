package io.github.clbtrigger.functions;

import io.github.clbtrigger.common.Sanitize;
import io.github.clbtrigger.codec.BodyTooLargeException;
import io.github.clbtrigger.codec.DecodeResult;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.codec.InboundRequest;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The function one request goes to, picked by {@link Snapshot#target}: what a front end needs to know of it before
 * the body has arrived, and the one call that runs it.
 */
public final class Target {

    private final Engine engine;
    private final LimitedFunction fn;

    Target(Engine engine, LimitedFunction fn) {
        this.engine = engine;
        this.fn = fn;
    }

    /**
     * What logs and metrics call the function: {@code namespace/name:qualifier}.
     *
     * @return the function's name
     */
    public String displayName() {
        return fn.displayName();
    }

    /**
     * The function's {@code Timeout}: its outcome is decided within it (and the timer's 10 ms tick).
     *
     * @return the timeout
     */
    public Duration timeout() {
        return Duration.ofSeconds(fn.spec().timeoutSeconds());
    }

    /**
     * Runs the function for one request: encodes the CLB trigger event (or, for an HTTP function, passes the request
     * on), invokes it within its {@code Timeout} and {@code MaxConcurrency}, decodes its integration response, and
     * calls {@code onOutcome} once, on the thread that decided: the caller's (a refusal before the function runs, or
     * the function run on it), a function thread, the timer (a timeout), or the closing one. Never throws for what
     * the request or the function does.
     *
     * @param request      the request as received; its URI as the matcher normalized it
     * @param body         the request body, whole, within the front end's limit; not copied
     * @param rawTarget    the request target as received (path and query), for HTTP functions
     * @param callerMayRun whether the function may run on the calling thread (an async exchange, whose answer any
     *                     thread can write): a function that has shown itself quick then does, which is cheaper than
     *                     a hand-off
     * @param onOutcome    called once with the outcome
     */
    public void invoke(InboundRequest request, byte[] body, String rawTarget, boolean callerMayRun,
            Consumer<Outcome> onOutcome) {
        Objects.requireNonNull(onOutcome, "onOutcome");
        long start = System.nanoTime();
        InvocationContext context = InvocationContext.of(fn.spec());
        byte[] event = null;
        String eventText = null;
        FunctionRuntime.Input input = fn.input();
        if (input != FunctionRuntime.Input.REQUEST) {
            try {
                if (input == FunctionRuntime.Input.EVENT_TEXT) {
                    eventText = engine.encoder.encodeToString(request, body, 0, body.length);
                } else {
                    event = engine.encoder.encode(request, body, 0, body.length);
                }
            } catch (BodyTooLargeException e) {
                refuse(onOutcome, ErrorKind.BODY_TOO_LARGE, "the request body is over the limit of " + e.limit()
                        + " bytes", new InvocationRecord(context, null, null, null, start, start, System.nanoTime()));
                return;
            } catch (RuntimeException e) {
                refuse(onOutcome, ErrorKind.FUNCTION_ERROR, "encoding the event failed: " + Sanitize.describe(e),
                        new InvocationRecord(context, null, null, null, start, start, System.nanoTime()));
                return;
            }
        }
        Object sent = event != null ? event : eventText;
        Invocation invocation = new Invocation(context, request, body, rawTarget, event, eventText);
        fn.invoke(invocation, callerMayRun, result -> decide(result, context, sent, start, onOutcome));
    }

    /**
     * Runs an event function with an event given as it is, not encoded from a request: what SCF's console "test"
     * button and a unit test do. The function gets a fresh context (request id, limits) as for a routed request;
     * its answer is decoded and its {@code Timeout} and {@code MaxConcurrency} hold the same.
     *
     * @param event     the event JSON, UTF-8; passed on unchecked, as SCF passes a test event
     * @param onOutcome called once with the outcome
     * @throws IllegalStateException the function is an HTTP function (it takes requests, not events)
     */
    public void invokeEvent(byte[] event, Consumer<Outcome> onOutcome) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(onOutcome, "onOutcome");
        FunctionRuntime.Input input = fn.input();
        if (input == FunctionRuntime.Input.REQUEST) {
            throw new IllegalStateException("function " + fn.displayName() + " is an HTTP function: it takes "
                    + "requests, not events");
        }
        long start = System.nanoTime();
        InvocationContext context = InvocationContext.of(fn.spec());
        String text = input == FunctionRuntime.Input.EVENT_TEXT ? new String(event, StandardCharsets.UTF_8) : null;
        byte[] bytes = text == null ? event : null;
        Object sent = bytes != null ? bytes : text;
        fn.invoke(new Invocation(context, null, new byte[0], "", bytes, text), false,
                result -> decide(result, context, sent, start, onOutcome));
    }

    private void decide(FunctionResult result, InvocationContext context, Object sent, long start,
            Consumer<Outcome> onOutcome) {
        long answered = System.nanoTime();
        if (result instanceof FunctionResult.Value value) {
            DecodeResult decoded = engine.decoder.decode(value.json());
            InvocationRecord record = new InvocationRecord(context, sent, value.json(), decoded, start, answered,
                    System.nanoTime());
            if (decoded instanceof DecodeResult.Invalid invalid) {
                deliver(onOutcome, new Outcome.Refused(ErrorKind.INVALID_RESPONSE, "function " + fn.displayName()
                        + " returned an invalid integration response: " + invalid, invalid.response(), record));
            } else {
                deliver(onOutcome, new Outcome.Answered(withUtf8HeaderValues(decoded.response()), record));
            }
        } else if (result instanceof FunctionResult.Http http) {
            deliver(onOutcome, new Outcome.Answered(http.response(),
                    new InvocationRecord(context, sent, null, null, start, answered, answered)));
        } else if (result instanceof FunctionResult.Failure failure) {
            refuse(onOutcome, failure.kind(), failure.reason(),
                    new InvocationRecord(context, sent, null, null, start, answered, answered));
        }
    }

    private void refuse(Consumer<Outcome> onOutcome, ErrorKind kind, String reason, InvocationRecord record) {
        deliver(onOutcome, new Outcome.Refused(kind, reason, kind.response(), record));
    }

    private void deliver(Consumer<Outcome> onOutcome, Outcome outcome) {
        try {
            onOutcome.accept(outcome);
        } finally {
            Consumer<InvocationRecord> observer = engine.settings.observer();
            if (observer != null) {
                try {
                    observer.accept(outcome.record());
                } catch (RuntimeException e) {
                    Functions.logObserverFailure(e);
                }
            }
        }
    }

    /**
     * A decoded integration response with its header values made ready for the wire as ISO-8859-1: a value with
     * text beyond ASCII is given as the characters of its UTF-8 bytes, as {@code clb decode} writes it. The same
     * response when every value is ASCII (the common case: nothing is copied).
     */
    static HttpResponse withUtf8HeaderValues(HttpResponse response) {
        List<Header> headers = response.headers();
        List<Header> wire = null;   // made at the first value to convert, with the lines before it
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            if (!isAscii(h.value())) {
                if (wire == null) {
                    wire = new ArrayList<>(headers.subList(0, i));
                }
                wire.add(new Header(h.name(), new String(h.value().getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1)));
            } else if (wire != null) {
                wire.add(h);
            }
        }
        return wire == null ? response : new HttpResponse(response.statusCode(), wire, response.body());
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
