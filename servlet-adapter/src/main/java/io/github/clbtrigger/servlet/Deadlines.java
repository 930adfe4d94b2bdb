package io.github.clbtrigger.servlet;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-request deadlines (the body timeout, each invocation's {@code Timeout}): a set of pending deadlines swept
 * every {@link #TICK_MILLIS} ms by the filter's timer thread while any is pending, instead of one timer task per
 * deadline. Adding and cancelling one is a concurrent-set insert and remove; no thread is woken. A timer task per
 * request cost a wake-up of the timer thread each time its queue's head changed, which at tens of thousands of
 * requests a second was a measurable share of an in-process invocation (futex calls, issue 6's profile).
 *
 * <p>An action runs on the timer thread within {@link #TICK_MILLIS} ms after its deadline (plus the sweep's own
 * time: one check per pending deadline), never before it. An idle filter does not tick.
 */
final class Deadlines {

    /** How often pending deadlines are checked, and so how late past its deadline an action may run. */
    static final long TICK_MILLIS = 10;

    private final ScheduledExecutorService timer;
    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean armed = new AtomicBoolean();

    Deadlines(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Runs {@code action} on the timer thread once {@code delay} has passed, unless cancelled first. If the timer
     * is shut down, the action never runs (the filter is being destroyed).
     */
    Deadline schedule(long delay, TimeUnit unit, Runnable action) {
        Deadline deadline = new Deadline(System.nanoTime() + unit.toNanos(delay), action);
        pending.add(deadline);
        arm();
        return deadline;
    }

    /** How many deadlines are pending (for tests). */
    int pending() {
        return pending.size();
    }

    private void arm() {
        if (!armed.get() && armed.compareAndSet(false, true)) {
            try {
                timer.schedule(this::sweep, TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                armed.set(false);   // shut down: nothing fires any more
            }
        }
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            for (Deadline d : pending) {
                if (now - d.at >= 0 && pending.remove(d)) {
                    try {
                        d.action.run();
                    } catch (RuntimeException e) {
                        // an action decides an answer; if writing it failed, the exchange records that itself
                    }
                }
            }
        } finally {
            armed.set(false);
            if (!pending.isEmpty()) {
                arm();   // a deadline added between the loop and the line above armed nothing: re-check here
            }
        }
    }

    /** One pending deadline; identity is its equality. */
    final class Deadline {
        private final long at;
        private final Runnable action;

        private Deadline(long at, Runnable action) {
            this.at = at;
            this.action = action;
        }

        /** Drops the deadline; its action will not run (unless it already started). */
        void cancel() {
            pending.remove(this);
        }
    }
}
