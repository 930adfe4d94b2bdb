package io.github.clbtrigger.functions;

import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a {@link ClbFunction}: on the function threads, so that no container thread waits for it; or, once
 * the function has shown itself quick, on the calling container thread, which is cheaper than any hand-off.
 *
 * <p>The rule: a function that has answered within {@link #QUICK_NANOS} {@value #QUICK_STREAK} times in a row runs
 * on the caller's thread (when the caller allows it: an async exchange), at most {@link #MAX_ON_CALLER} calls of it
 * at a time; the first call that takes longer sends it back to the executor until it has again answered quickly
 * {@value #QUICK_STREAK} times. A function that sleeps, waits on I/O or computes for long therefore runs on the
 * executor, and even a quick function that turns slow holds at most {@link #MAX_ON_CALLER} container threads, each
 * for at most its {@code Timeout}.
 *
 * <p>Cancelling the returned future (the timeout) interrupts the thread running the function, either kind; a
 * function that ignores interrupts keeps that thread until it returns, and its value is then discarded. The
 * interrupt never outlives the call: it is cleared before the thread goes back to its pool or to the container.
 * With a class loader of its own ({@code handlerClasspath}), that loader is closed by {@link #close()}.
 */
final class InProcessRuntime implements FunctionRuntime {

    /** A call this quick, or quicker, counts towards running on the caller's thread. */
    static final long QUICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** This many quick calls in a row, and the function runs on the caller's thread. */
    static final int QUICK_STREAK = 32;
    /** Calls of one function on callers' threads at once, at most: twice the CPUs (a call preempted mid-way still counts), 4 or more. */
    static final int MAX_ON_CALLER = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final ClbFunction function;
    private final ClassLoader loader;
    private final URLClassLoader owned;   // the function's own class loader (handlerClasspath), closed by close()
    private final ExecutorService executor;
    private final long maxValueBytes;
    private final AtomicInteger quickStreak = new AtomicInteger();
    private final AtomicInteger onCaller = new AtomicInteger();

    InProcessRuntime(ClbFunction function, ClassLoader loader, URLClassLoader owned, ExecutorService executor,
            long maxValueBytes) {
        this.function = function;
        this.loader = loader;
        this.owned = owned;
        this.executor = executor;
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public void close() {
        Engine.closeQuietly(owned);
    }

    @Override
    public Input input() {
        return Input.EVENT_TEXT;
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(Invocation invocation) {
        return invoke(invocation, false, work -> { });
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(Invocation invocation, boolean callerMayRun,
            Consumer<CompletableFuture<FunctionResult>> watch) {
        Call call = new Call(invocation.eventText(), invocation.context());
        watch.accept(call);
        if (callerMayRun && quickStreak.get() >= QUICK_STREAK) {
            if (onCaller.incrementAndGet() <= MAX_ON_CALLER) {
                try {
                    call.run();
                } finally {
                    onCaller.decrementAndGet();
                }
                return call;
            }
            onCaller.decrementAndGet();
        }
        executor.execute(call);
        return call;
    }

    /**
     * One call of the function, on whichever thread runs it, and its result: cancelling it interrupts the function,
     * but only while it runs.
     */
    private final class Call extends CompletableFuture<FunctionResult> implements Runnable {
        private final String event;
        private final FunctionContext context;
        private Thread running;       // guarded by this
        private boolean over;         // guarded by this

        Call(String event, FunctionContext context) {
            this.event = event;
            this.context = context;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                interrupt();
            }
            return cancelled;
        }

        @Override
        public void run() {
            Thread thread = Thread.currentThread();
            synchronized (this) {
                if (over || isDone()) {
                    over = true;
                    return;   // cancelled before it started
                }
                running = thread;
            }
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            long start = System.nanoTime();
            String value = null;
            Throwable failure = null;
            try {
                value = function.handle(event, context);
            } catch (Throwable t) {
                failure = t;
            } finally {
                record(System.nanoTime() - start);
                end(thread);
                thread.setContextClassLoader(previous);
            }
            if (failure != null) {
                completeExceptionally(failure);
                return;
            }
            byte[] bytes = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
            if (bytes.length > maxValueBytes) {
                completeExceptionally(new ResponseTooLargeException(maxValueBytes));
            } else {
                complete(new FunctionResult.Value(bytes));
            }
        }

        /**
         * The function is over: no interrupt can reach this thread any more, and one that did is cleared. Done
         * before completing the result, whose dependents (writing the answer, maybe on a container thread) must
         * not see it.
         */
        private void end(Thread thread) {
            synchronized (this) {
                over = true;
                running = null;
            }
            if (thread.isInterrupted()) {
                Thread.interrupted();
            }
        }

        private synchronized void interrupt() {
            over = true;
            if (running != null) {
                running.interrupt();
            }
        }
    }

    /** Counts a quick call towards running on the caller's thread; a slow one starts the count again. */
    private void record(long nanos) {
        if (nanos > QUICK_NANOS) {
            quickStreak.set(0);
        } else if (quickStreak.get() < QUICK_STREAK) {
            quickStreak.incrementAndGet();
        }
    }
}
