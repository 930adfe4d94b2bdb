package io.github.clbtrigger.servlet;

import java.util.Map;

/** The {@link FunctionContext} of one invocation. */
record InvocationContext(String requestId, int timeLimitInMs, int memoryLimitInMb, String functionName,
        String namespace, String qualifier, Map<String, String> environment) implements FunctionContext {

    static InvocationContext of(String requestId, FunctionSpec spec) {
        return new InvocationContext(requestId, spec.timeoutSeconds() * 1000, spec.memoryMb(), spec.name(),
                spec.namespace(), spec.qualifier(), spec.environment());
    }
}
