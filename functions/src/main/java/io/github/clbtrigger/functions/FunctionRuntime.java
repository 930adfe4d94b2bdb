package io.github.clbtrigger.functions;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One way of running a function. Implementations do the work only; {@link LimitedFunction} adds the timeout and
 * the concurrency limit for every kind. {@code invoke} never throws: a failure is a {@link FunctionResult.Failure}
 * or an exceptionally completed future. Cancelling the returned future must abandon the work (interrupt the
 * thread, abort the HTTP exchange).
 */
interface FunctionRuntime {

    /** What a function is given: the raw request (HTTP functions) or the CLB trigger event (event functions). */
    enum Input {
        /** The request as received: {@link Invocation#body()} and {@link Invocation#target()}. */
        REQUEST,
        /** The event as UTF-8 bytes: {@link Invocation#event()}. */
        EVENT_BYTES,
        /** The event as text: {@link Invocation#eventText()} (one copy of the event less than decoding the bytes). */
        EVENT_TEXT
    }

    /** {@return what the function is given} */
    Input input();

    /** Starts what must run before the first call (a Bootstrap process). Idempotent. */
    default void start() {
    }

    CompletableFuture<FunctionResult> invoke(Invocation invocation);

    /**
     * Like {@link #invoke(Invocation)}, for a caller that can wait: the runtime may then do the work on the calling
     * thread, before this returns ({@link InProcessRuntime} does, for a function it has seen answer quickly).
     * {@code watch} gets the future before any of the work runs here, so that a timeout it sets can cancel it.
     *
     * @param callerMayRun whether the calling thread may do the work (it is a container thread of an async
     *                     exchange, whose answer any thread can write)
     * @param watch        called once with the future, first
     * @return the future given to {@code watch}
     */
    default CompletableFuture<FunctionResult> invoke(Invocation invocation, boolean callerMayRun,
            Consumer<CompletableFuture<FunctionResult>> watch) {
        CompletableFuture<FunctionResult> work = invoke(invocation);
        watch.accept(work);
        return work;
    }

    /** {@return whether an invocation can be sent now: {@code false} while a Bootstrap does not accept connections} */
    default boolean ready() {
        return true;
    }

    /** {@return how many times a Bootstrap process was launched; 0 when there is none} */
    default int launches() {
        return 0;
    }

    /** Stops whatever {@link #start()} started. Idempotent. */
    default void close() {
    }
}
