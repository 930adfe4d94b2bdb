package io.github.clbtrigger.functions;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The per-request deadlines (the body timeout, each invocation's {@code Timeout}), swept every
 * {@link #TICK_MILLIS} ms by the timer thread while any is pending, instead of one timer task per deadline.
 * Adding one is a compare-and-set on the head of a list; cancelling one is a single write; no thread is woken (a
 * timer task per request would wake the timer thread whenever its queue's head changes; a concurrent set would cost
 * two hashed updates per request).
 *
 * <p>An action runs on the timer thread within {@link #TICK_MILLIS} ms after its deadline (plus the sweep's own
 * time: one check per deadline added or pending), never before it. A cancelled deadline lets go of its action at
 * once and leaves the lists at the next sweep. An idle filter does not tick.
 */
final class Deadlines {

    /** How often pending deadlines are checked, and so how late past its deadline an action may run. */
    static final long TICK_MILLIS = 10;

    private final ScheduledExecutorService timer;
    /** Deadlines added since the last sweep: a lock-free stack linked through {@link Deadline#next}. */
    private final AtomicReference<Deadline> added = new AtomicReference<>();
    /** Deadlines a sweep has seen that are not yet due: guarded by {@code this} (the sweep and {@link #pending}). */
    private Deadline waiting;
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile boolean stopping;

    Deadlines(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Runs {@code action} on the timer thread once {@code delay} has passed, unless cancelled first. If the timer
     * is shut down, the action never runs ({@link Functions#close()} has run).
     */
    Deadline schedule(long delay, TimeUnit unit, Runnable action) {
        Deadline deadline = new Deadline(System.nanoTime() + unit.toNanos(delay), action);
        Deadline head;
        do {
            head = added.get();
            deadline.next = head;
        } while (!added.compareAndSet(head, deadline));
        arm();
        return deadline;
    }

    /** How many deadlines are neither cancelled nor run (for tests). */
    synchronized int pending() {
        return live(waiting) + live(added.get());
    }

    private static int live(Deadline list) {
        int n = 0;
        for (Deadline d = list; d != null; d = d.next) {
            if (d.action != null) {
                n++;
            }
        }
        return n;
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

    /**
     * Runs every pending action now, on the calling thread, whatever its deadline: the functions are closing, and nothing
     * may be left waiting for an answer. Actions can tell by {@link #stopping()}.
     */
    void runAllNow() {
        stopping = true;
        synchronized (this) {
            waiting = settle(added.getAndSet(null), settle(waiting, null, 0, true), 0, true);
        }
    }

    /** Whether {@link #runAllNow} has run: an action running now answers for a stopping filter. */
    boolean stopping() {
        return stopping;
    }

    private void sweep() {
        try {
            synchronized (this) {
                long now = System.nanoTime();
                waiting = settle(added.getAndSet(null), settle(waiting, null, now, false), now, false);
            }
        } finally {
            armed.set(false);
            if (waiting != null || added.get() != null) {
                arm();   // a deadline added between the sweep and the line above armed nothing: re-check here
            }
        }
    }

    /**
     * Runs the due actions of {@code list} (all of them when {@code all}), drops the cancelled deadlines, and returns
     * the rest in front of {@code kept}.
     */
    private static Deadline settle(Deadline list, Deadline kept, long now, boolean all) {
        Deadline d = list;
        while (d != null) {
            Deadline next = d.next;
            Runnable action = d.action;
            if (action != null && !all && now - d.at < 0) {
                d.next = kept;
                kept = d;
            } else if (action != null) {
                d.action = null;
                try {
                    action.run();
                } catch (RuntimeException e) {
                    // an action decides an answer; if writing it failed, the exchange records that itself
                }
            }
            d = next;
        }
        return kept;
    }

    /** One pending deadline. */
    static final class Deadline implements Functions.Pending {
        private final long at;
        private volatile Runnable action;   // null: cancelled or run
        private Deadline next;              // written before publication, then only by the sweep

        private Deadline(long at, Runnable action) {
            this.at = at;
            this.action = action;
        }

        /** Drops the deadline; its action will not run (unless it already started). */
        @Override
        public void cancel() {
            action = null;
        }
    }
}
