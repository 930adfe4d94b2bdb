package io.github.clbtrigger.functions;

import io.github.clbtrigger.codec.InboundRequest;

/**
 * One call of a function.
 *
 * @param context   the SCF context values
 * @param request   the request as the frontend saw it
 * @param body      the request body, already bounded by the front end's limit
 * @param target    the raw request target (path and query as received), for HTTP functions
 * @param event     the CLB trigger event JSON as UTF-8, for {@link FunctionRuntime.Input#EVENT_BYTES}; else
 *                  {@code null}
 * @param eventText the CLB trigger event JSON, for {@link FunctionRuntime.Input#EVENT_TEXT}; else {@code null}
 */
record Invocation(InvocationContext context, InboundRequest request, byte[] body, String target, byte[] event,
        String eventText) {
}
