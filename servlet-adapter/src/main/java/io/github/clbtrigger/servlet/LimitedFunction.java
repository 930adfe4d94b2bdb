package io.github.clbtrigger.servlet;

import io.github.clbtrigger.servlet.TriggerMetrics.ErrorKind;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A function with its limits, the same for every kind: at most {@code MaxConcurrency} invocations at once (the
 * next one fails at once with {@link ErrorKind#THROTTLED}), and {@code Timeout} seconds per invocation (then
 * {@link ErrorKind#TIMEOUT} and the runtime's future is cancelled, which interrupts an in-process handler or
 * aborts an HTTP exchange). The slot is freed when the client's answer is decided, timeout included.
 */
final class LimitedFunction {

    private final FunctionSpec spec;
    private final FunctionRuntime runtime;
    private final Deadlines deadlines;
    private final Semaphore slots;

    LimitedFunction(FunctionSpec spec, FunctionRuntime runtime, Deadlines deadlines) {
        this.spec = spec;
        this.runtime = runtime;
        this.deadlines = deadlines;
        this.slots = new Semaphore(spec.maxConcurrency());
    }

    FunctionSpec spec() {
        return spec;
    }

    boolean takesEvent() {
        return runtime.takesEvent();
    }

    void start() {
        runtime.start();
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
                    "function " + spec.displayName() + " is at its MaxConcurrency " + spec.maxConcurrency());
            onAnswer.accept(throttled);
            return CompletableFuture.completedFuture(throttled);
        }
        CompletableFuture<FunctionResult> result = new CompletableFuture<>();
        result.thenAccept(onAnswer);   // the result always completes normally
        AtomicBoolean released = new AtomicBoolean();
        try {
            runtime.invoke(invocation, callerMayRun, work -> {
                Deadlines.Deadline deadline = deadlines.schedule(spec.timeoutSeconds(), TimeUnit.SECONDS, () -> {
                    if (finish(result, released, new FunctionResult.Failure(ErrorKind.TIMEOUT, "function "
                            + spec.displayName() + " did not answer within its Timeout " + spec.timeoutSeconds() + " s"))) {
                        work.cancel(true);
                    }
                });
                work.whenComplete((r, e) -> {
                    deadline.cancel();
                    finish(result, released, r != null ? r : failure(e));
                });
            });
        } catch (RuntimeException e) {
            finish(result, released, failure(e));
        }
        return result;
    }

    /**
     * Frees the slot (once), then completes. Releasing in a {@code whenComplete} of the result would run after the
     * dependents registered later (CompletableFuture runs them last-in first-out), i.e. after the answer was
     * written: a client's next request could still find the slot taken (found by the issue-7 fault tests: 429
     * right after a 403 with MaxConcurrency 1).
     */
    private boolean finish(CompletableFuture<FunctionResult> result, AtomicBoolean released, FunctionResult r) {
        if (result.isDone()) {
            return false;
        }
        if (released.compareAndSet(false, true)) {
            slots.release();
        }
        return result.complete(r);
    }

    private FunctionResult failure(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return new FunctionResult.Failure(ErrorKind.TIMEOUT, "function " + spec.displayName() + " was cancelled");
        }
        if (t instanceof ResponseTooLargeException tooLarge) {
            return new FunctionResult.Failure(ErrorKind.RESPONSE_TOO_LARGE,
                    "function " + spec.displayName() + ": " + tooLarge.getMessage());
        }
        return new FunctionResult.Failure(ErrorKind.FUNCTION_ERROR,
                "function " + spec.displayName() + " failed: " + describe(t));
    }

    /** The exception's class and message, for logs and the debug header (sanitized there). */
    static String describe(Throwable t) {
        if (t == null) {
            return "no result";
        }
        String message = t.getMessage();
        return t.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
