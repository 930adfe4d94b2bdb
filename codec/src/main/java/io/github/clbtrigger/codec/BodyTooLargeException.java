package io.github.clbtrigger.codec;

import java.io.IOException;

/**
 * A request body is larger than the {@link EventEncoder}'s limit. Thrown before any byte of the event is written,
 * so the caller can still answer with its own error (CLB answers 413).
 */
public final class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The limit that was exceeded, in bytes. */
    private final long limit;

    /**
     * Creates the exception.
     *
     * @param limit the limit that was exceeded, in bytes
     */
    public BodyTooLargeException(long limit) {
        super("request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    /**
     * Returns the limit that was exceeded.
     *
     * @return the maximum body size in bytes
     */
    public long limit() {
        return limit;
    }
}
