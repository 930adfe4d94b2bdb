package io.github.clbtrigger.functions;

import io.github.clbtrigger.common.Sanitize;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A function with its limits, the same for every kind: at most {@code MaxConcurrency} invocations at once (the
 * next one fails at once with {@link ErrorKind#THROTTLED}), and {@code Timeout} seconds per invocation (then
 * {@link ErrorKind#TIMEOUT} and the runtime's future is cancelled, which interrupts an in-process handler or
 * aborts an HTTP exchange). The slot is freed when the client's answer is decided, timeout included.
 */
final class LimitedFunction {

    private final FunctionSpec spec;
    private final String displayName;   // built once: logs and metrics name the function on every request
    private final FunctionRuntime runtime;
    private final Deadlines deadlines;
    private final Semaphore slots;

    LimitedFunction(FunctionSpec spec, FunctionRuntime runtime, Deadlines deadlines) {
        this.spec = spec;
        this.displayName = spec.displayName();
        this.runtime = runtime;
        this.deadlines = deadlines;
        this.slots = new Semaphore(spec.limits().maxConcurrency());
    }

    FunctionSpec spec() {
        return spec;
    }

    /** {@return {@link FunctionSpec#displayName()}} */
    String displayName() {
        return displayName;
    }

    FunctionRuntime.Input input() {
        return runtime.input();
    }

    void start() {
        runtime.start();
    }

    /** This function's state now (see {@link FunctionStatus}). */
    FunctionStatus status(FunctionKey key) {
        return new FunctionStatus(key.namespace(), key.name(), key.qualifier(),
                spec instanceof FunctionSpec.HttpBootstrap, runtime.ready(),
                Math.max(0, spec.limits().maxConcurrency() - slots.availablePermits()), runtime.launches());
    }

    void close() {
        runtime.close();
    }

    /**
     * Invokes within the limits. The returned future always completes normally, within the timeout, and the slot is
     * free before it completes: whoever reacts to the answer (the client, then its next request) finds it free.
     */
    CompletableFuture<FunctionResult> invoke(Invocation invocation) {
        return invoke(invocation, false);
    }

    /**
     * {@link #invoke(Invocation)}, letting the runtime do the work on the calling thread when
     * {@code callerMayRun} (see {@link FunctionRuntime#invoke(Invocation, boolean, java.util.function.Consumer)}):
     * the returned future may then be complete when this returns.
     */
    CompletableFuture<FunctionResult> invoke(Invocation invocation, boolean callerMayRun) {
        return invoke(invocation, callerMayRun, r -> { });
    }

    /**
     * {@link #invoke(Invocation, boolean)}, with {@code onAnswer} called with the result as soon as it is decided,
     * on the deciding thread — registered before the function starts, so that a timeout is answered at once even
     * while the function still runs on the calling thread.
     */
    CompletableFuture<FunctionResult> invoke(Invocation invocation, boolean callerMayRun,
            Consumer<FunctionResult> onAnswer) {
        if (!slots.tryAcquire()) {
            FunctionResult throttled = new FunctionResult.Failure(ErrorKind.THROTTLED,
                    "function " + displayName + " is at its MaxConcurrency " + spec.limits().maxConcurrency());
            onAnswer.accept(throttled);
            return CompletableFuture.completedFuture(throttled);
        }
        Attempt attempt = new Attempt(onAnswer);
        try {
            runtime.invoke(invocation, callerMayRun, attempt);
        } catch (RuntimeException e) {
            attempt.finish(failure(e));
        }
        return attempt.result;
    }

    /**
     * One invocation's answer, decided once by the first of: the runtime's work, the timeout, a failure
     * to start. One object is the runtime's watcher, the timeout's action and the work's completion callback.
     */
    private final class Attempt
            implements Consumer<CompletableFuture<FunctionResult>>, Runnable, BiConsumer<FunctionResult, Throwable> {
        private final AtomicBoolean decided = new AtomicBoolean();
        private final CompletableFuture<FunctionResult> result = new CompletableFuture<>();
        private final Consumer<FunctionResult> onAnswer;
        private CompletableFuture<FunctionResult> work;      // set before the deadline and the callback exist
        private Deadlines.Deadline deadline;                 // set before the callback is registered

        Attempt(Consumer<FunctionResult> onAnswer) {
            this.onAnswer = onAnswer;
        }

        /** The runtime's work is about to start: watch it, and its timeout. */
        @Override
        public void accept(CompletableFuture<FunctionResult> started) {
            work = started;
            deadline = deadlines.schedule(spec.timeoutSeconds(), TimeUnit.SECONDS, this);
            started.whenComplete(this);
        }

        /** The timeout, or {@link Functions#close()} while the function runs. */
        @Override
        public void run() {
            FunctionResult answer = deadlines.stopping()
                    ? new FunctionResult.Failure(ErrorKind.FUNCTION_ERROR, "the frontend stopped before function "
                            + displayName + " answered")
                    : new FunctionResult.Failure(ErrorKind.TIMEOUT, "function " + displayName
                            + " did not answer within its Timeout " + spec.timeoutSeconds() + " s");
            if (finish(answer)) {
                work.cancel(true);
            }
        }

        /** The work is done. */
        @Override
        public void accept(FunctionResult r, Throwable e) {
            deadline.cancel();
            finish(r != null ? r : failure(e));
        }

        /**
         * Frees the slot, then completes and answers; only the first call does anything. The slot is freed first:
         * whoever reacts to the answer (the client, then its next request) must find it free: with MaxConcurrency 1, a
         * request right after a 403 is served, not throttled.
         */
        boolean finish(FunctionResult r) {
            if (!decided.compareAndSet(false, true)) {
                return false;
            }
            slots.release();
            result.complete(r);
            onAnswer.accept(r);
            return true;
        }
    }

    private FunctionResult failure(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return new FunctionResult.Failure(ErrorKind.TIMEOUT, "function " + displayName + " was cancelled");
        }
        if (t instanceof ResponseTooLargeException tooLarge) {
            return new FunctionResult.Failure(ErrorKind.RESPONSE_TOO_LARGE,
                    "function " + displayName + ": " + tooLarge.getMessage());
        }
        return new FunctionResult.Failure(ErrorKind.FUNCTION_ERROR,
                "function " + displayName + " failed: " + Sanitize.describe(t));
    }
}
