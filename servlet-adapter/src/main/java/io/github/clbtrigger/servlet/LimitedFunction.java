package io.github.clbtrigger.servlet;

import io.github.clbtrigger.servlet.TriggerMetrics.ErrorKind;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A function with its limits, the same for every kind: at most {@code MaxConcurrency} invocations at once (the
 * next one fails at once with {@link ErrorKind#THROTTLED}), and {@code Timeout} seconds per invocation (then
 * {@link ErrorKind#TIMEOUT} and the runtime's future is cancelled, which interrupts an in-process handler or
 * aborts an HTTP exchange). The slot is freed when the client's answer is decided, timeout included.
 */
final class LimitedFunction {

    private final FunctionSpec spec;
    private final FunctionRuntime runtime;
    private final ScheduledExecutorService timer;
    private final Semaphore slots;

    LimitedFunction(FunctionSpec spec, FunctionRuntime runtime, ScheduledExecutorService timer) {
        this.spec = spec;
        this.runtime = runtime;
        this.timer = timer;
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
        if (!slots.tryAcquire()) {
            return CompletableFuture.completedFuture(new FunctionResult.Failure(ErrorKind.THROTTLED,
                    "function " + spec.displayName() + " is at its MaxConcurrency " + spec.maxConcurrency()));
        }
        CompletableFuture<FunctionResult> result = new CompletableFuture<>();
        AtomicBoolean released = new AtomicBoolean();
        CompletableFuture<FunctionResult> work;
        try {
            work = runtime.invoke(invocation);
        } catch (RuntimeException e) {
            finish(result, released, failure(e));
            return result;
        }
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            if (finish(result, released, new FunctionResult.Failure(ErrorKind.TIMEOUT,
                    "function " + spec.displayName() + " did not answer within its Timeout " + spec.timeoutSeconds() + " s"))) {
                work.cancel(true);
            }
        }, spec.timeoutSeconds(), TimeUnit.SECONDS);
        work.whenComplete((r, e) -> {
            deadline.cancel(false);
            finish(result, released, r != null ? r : failure(e));
        });
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
