package io.github.clbtrigger.functions;

import io.github.clbtrigger.codec.DecodeResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * What one invocation did, by reference (nothing is copied to make it): the request id the function saw, the
 * function chosen, the event sent, the function's raw answer, the decoder's verdict, and how long it took. Carried by
 * every {@link Outcome} and given to the {@link Functions.Builder#observer observer}. The arrays it returns are the
 * ones used: read them, do not change them.
 */
public final class InvocationRecord {

    private final InvocationContext context;
    private final Object event;            // byte[] (EVENT_BYTES), String (EVENT_TEXT), or null (HTTP functions)
    private final byte[] value;            // the event function's raw value, or null
    private final DecodeResult verdict;    // or null
    private final long startNanos;
    private final long answeredNanos;
    private final long endNanos;

    InvocationRecord(InvocationContext context, Object event, byte[] value, DecodeResult verdict, long startNanos,
            long answeredNanos, long endNanos) {
        this.context = context;
        this.event = event;
        this.value = value;
        this.verdict = verdict;
        this.startNanos = startNanos;
        this.answeredNanos = answeredNanos;
        this.endNanos = endNanos;
    }

    /**
     * The invocation's request id: SCF's {@code Context.getRequestId()}, FunctionGraph's {@code X-CFF-Request-Id}.
     * Drawn when first asked for, here or by the function: the same value either way.
     *
     * @return the request id
     */
    public String requestId() {
        return context.requestId();
    }

    /**
     * The function's identity and limits, as it was told them.
     *
     * @return the function's context
     */
    public FunctionContext function() {
        return context;
    }

    /**
     * The CLB trigger event sent, as UTF-8 JSON; empty for an HTTP function (it gets the request itself) or when the
     * event could not be made. An in-process function is given the event as text: its bytes are made here, when
     * asked for.
     *
     * @return the event
     */
    public Optional<byte[]> event() {
        if (event instanceof byte[] bytes) {
            return Optional.of(bytes);
        }
        if (event instanceof String text) {
            return Optional.of(text.getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    /**
     * The event as an in-process function was given it, as text, without making its bytes (for an observer that
     * keeps it and encodes it only when shown); empty when it was sent as bytes, or not at all.
     *
     * @return the event's text
     */
    public Optional<String> eventText() {
        return event instanceof String text ? Optional.of(text) : Optional.empty();
    }

    /**
     * The event function's value as it answered it (the integration response, before decoding); empty for an HTTP
     * function and when it did not answer.
     *
     * @return the raw value
     */
    public Optional<byte[]> value() {
        return Optional.ofNullable(value);
    }

    /**
     * The decoder's verdict on {@link #value()}: {@link DecodeResult.Valid}, or {@link DecodeResult.Invalid} with
     * its reason and JSON path; empty when there was no value to decode.
     *
     * @return the verdict
     */
    public Optional<DecodeResult> verdict() {
        return Optional.ofNullable(verdict);
    }

    /**
     * From the start of the invocation (encoding the event) to the function's answer or failure.
     *
     * @return the function's time
     */
    public Duration functionTime() {
        return Duration.ofNanos(Math.max(0, answeredNanos - startNanos));
    }

    /**
     * From the start of the invocation to its outcome (decoding included).
     *
     * @return the whole time
     */
    public Duration totalTime() {
        return Duration.ofNanos(Math.max(0, endNanos - startNanos));
    }

    @Override
    public String toString() {
        return "InvocationRecord[function=" + context.namespace() + "/" + context.functionName() + ":"
                + context.qualifier() + ", verdict=" + verdict + ", total=" + totalTime() + "]";
    }
}
