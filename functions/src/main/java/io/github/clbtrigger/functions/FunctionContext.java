package io.github.clbtrigger.functions;

import java.util.Map;

/**
 * What a function is told about its invocation: the SCF {@code Context} fields (request id, time limit, memory
 * limit) and the function's identity. Every runtime kind gets the same values: in-process functions as this object
 * (or as a {@code com.qcloud.scf.runtime.Context} proxy), FunctionGraph HTTP functions as {@code X-CFF-*} headers.
 */
public interface FunctionContext {

    /** {@return the invocation's unique id (a random UUID), as SCF's {@code Context.getRequestId()}} */
    String requestId();

    /** {@return the function's {@code Timeout} in milliseconds, as SCF's {@code Context.getTimeLimitInMs()}} */
    int timeLimitInMs();

    /** {@return the function's {@code MemorySize} in MB, as SCF's {@code Context.getMemoryLimitInMb()}; reported, not enforced} */
    int memoryLimitInMb();

    /** {@return the {@code FunctionName}} */
    String functionName();

    /** {@return the {@code Namespace}, {@code "default"} unless configured} */
    String namespace();

    /** {@return the {@code Qualifier} (version or alias), {@code "$LATEST"} unless configured} */
    String qualifier();

    /**
     * The function's {@code Environment.Variables}. In-process functions cannot have their own process
     * environment, so they read them here; {@code Bootstrap} processes get them as their real environment.
     *
     * @return the variables, immutable
     */
    Map<String, String> environment();
}
