package io.github.clbtrigger.servlet;

import java.util.concurrent.CompletableFuture;

/**
 * One way of running a function. Implementations do the work only; {@link LimitedFunction} adds the timeout and
 * the concurrency limit for every kind. {@code invoke} never throws: a failure is a {@link FunctionResult.Failure}
 * or an exceptionally completed future. Cancelling the returned future must abandon the work (interrupt the
 * thread, abort the HTTP exchange).
 */
interface FunctionRuntime {

    /** Whether the function takes the CLB trigger event (event functions) or the raw request (HTTP functions). */
    boolean takesEvent();

    /** Starts what must run before the first call (a Bootstrap process). Idempotent. */
    default void start() {
    }

    CompletableFuture<FunctionResult> invoke(Invocation invocation);

    /** Stops whatever {@link #start()} started. Idempotent. */
    default void close() {
    }
}
