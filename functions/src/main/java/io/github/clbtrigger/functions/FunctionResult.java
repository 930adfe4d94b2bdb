package io.github.clbtrigger.functions;

import io.github.clbtrigger.codec.HttpResponse;

/** What an invocation produced: an event function's value, an HTTP function's response, or a failure. */
sealed interface FunctionResult {

    /** An event function's value: integration-response JSON, not yet decoded. */
    record Value(byte[] json) implements FunctionResult {
    }

    /** An HTTP function's response, already bounded and stripped of hop-by-hop headers. */
    record Http(HttpResponse response) implements FunctionResult {
    }

    /** The function did not produce a result; {@code reason} is for logs and the debug header, never raw input. */
    record Failure(TriggerMetrics.ErrorKind kind, String reason) implements FunctionResult {
    }
}
