package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import java.util.Objects;

/**
 * What the filter sends for a request it owns: the matcher's redirect, a refusal (CLB's error body for its kind, the
 * reason for the log and the debug header), or the function's response. One value per case, so that the status, the
 * counted kind and the body always agree.
 */
sealed interface Answer {

    /** {@return the status the client gets} */
    int status();

    /**
     * The matcher's trailing-slash redirect: 301 with this {@code Location}.
     *
     * @param location the Location, as the matcher built it
     */
    record Redirect(String location) implements Answer {
        public Redirect {
            Objects.requireNonNull(location, "location");
        }

        @Override
        public int status() {
            return 301;
        }
    }

    /**
     * The client does not get a function's response.
     *
     * @param kind why, with the status
     * @param why  one line for the log and the debug header
     * @param body CLB's error body: the kind's, or the dialect's of a decoder's refusal
     */
    record Refused(ErrorKind kind, String why, HttpResponse body) implements Answer {
        public Refused {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(body, "body");
        }

        /** A refusal with the kind's own CLB error body. */
        Refused(ErrorKind kind, String why) {
            this(kind, why, kind.response());
        }

        @Override
        public int status() {
            return body.statusCode();
        }
    }

    /**
     * The function's response, to be sent as it is (its header values ready for the wire as ISO-8859-1).
     *
     * @param response the response
     */
    record Sent(HttpResponse response) implements Answer {
        public Sent {
            Objects.requireNonNull(response, "response");
        }

        @Override
        public int status() {
            return response.statusCode();
        }
    }
}
