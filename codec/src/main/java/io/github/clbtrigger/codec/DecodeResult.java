package io.github.clbtrigger.codec;

import java.util.Objects;

/**
 * What the {@link ResponseDecoder} made of a function's value: either way, {@link #response()} is what to send.
 */
public sealed interface DecodeResult {

    /**
     * Returns the response the frontend sends the client.
     *
     * @return the decoded response, or the dialect's error response
     */
    HttpResponse response();

    /**
     * The value was a valid integration response.
     *
     * @param response the decoded response
     */
    record Valid(HttpResponse response) implements DecodeResult {

        /**
         * Creates the result.
         *
         * @param response the decoded response, not {@code null}
         */
        public Valid {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * The value was invalid; the client gets the dialect's error response, the caller learns why.
     *
     * @param response the dialect's error response
     * @param reason   the kind of problem
     * @param path     where it is, as a JSON path such as {@code $.headers.Set-Cookie[1]}; {@code $} for the whole
     *                 document
     * @param detail   a one-line explanation for logs, free of control characters and at most about 300 chars
     */
    record Invalid(HttpResponse response, InvalidReason reason, String path, String detail) implements DecodeResult {

        /**
         * Creates the result; every component is required.
         *
         * @param response the dialect's error response
         * @param reason   the kind of problem
         * @param path     where it is, as a JSON path
         * @param detail   a one-line explanation
         */
        public Invalid {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(detail, "detail");
        }

        /** Returns {@code "REASON at PATH: detail"}, suitable for a log line. */
        @Override
        public String toString() {
            return reason + " at " + path + ": " + detail;
        }
    }
}
