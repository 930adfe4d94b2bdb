package io.github.clbtrigger.functions;

import java.io.IOException;

/** A function's value or HTTP response body went over the response limit. */
final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(long limit) {
        super("response over the limit of " + limit + " bytes");
    }
}
