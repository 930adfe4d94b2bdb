package io.github.clbtrigger.functions;

import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import java.util.Objects;

/**
 * How an invocation ended, for the front end to send: either way {@link #response()} is the HTTP response the client
 * gets, and {@link #record()} what happened on the way (for a console, a log, a test).
 *
 * <p>Header values of {@link #response()} are ready for the wire as ISO-8859-1: a value holding text beyond ASCII is
 * given as the characters of its UTF-8 bytes (as an HTTP function sent them, and as {@code clb decode} writes a
 * decoded one), so that a front end writing each character as one byte sends the function's UTF-8.
 */
public sealed interface Outcome {

    /**
     * The response to send.
     *
     * @return the response
     */
    HttpResponse response();

    /**
     * What happened: request id, event, the function's raw answer, the decoder's verdict, timings.
     *
     * @return the record of the invocation
     */
    InvocationRecord record();

    /**
     * The function answered: its decoded integration response (event functions) or its HTTP response (HTTP
     * functions).
     *
     * @param response the function's response
     * @param record   the record of the invocation
     */
    record Answered(HttpResponse response, InvocationRecord record) implements Outcome {
        /**
         * Checks the components.
         *
         * @param response the function's response
         * @param record   the record of the invocation
         */
        public Answered {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * The client does not get the function's response: the function failed, timed out, was throttled, answered
     * something CLB rejects, or the event could not be made.
     *
     * @param kind     why, with the status the client gets
     * @param reason   one line for logs and the debug header: names the function and, for an invalid answer, the
     *                 JSON path; never raw request input
     * @param response CLB's error response for {@code kind}
     * @param record   the record of the invocation
     */
    record Refused(ErrorKind kind, String reason, HttpResponse response, InvocationRecord record) implements Outcome {
        /**
         * Checks the components.
         *
         * @param kind     why
         * @param reason   one line
         * @param response CLB's error response
         * @param record   the record of the invocation
         */
        public Refused {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(record, "record");
        }
    }
}
