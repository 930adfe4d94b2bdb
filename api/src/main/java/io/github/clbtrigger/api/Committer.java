package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group commit of one load balancer's changing calls. A call joins a queue; one caller at a time, the leader, takes
 * the queued calls (at most {@code maxGroup}, oldest first) and, holding the store's lock:
 * <ol>
 *   <li>adopts the file if it was edited by hand ({@link ConfigStore#refresh()});</li>
 *   <li>computes each call in turn on the state the one before it left, validated there, with its own answer: a call
 *       refused (a parameter, a rule, a duplicate) leaves the state as it was and fails alone;</li>
 *   <li>writes the last state once (temporary file, fsync, rename, fsync of the folder) and applies it to the data
 *       plane once ({@link ConfigStore#commit});</li>
 *   <li>only then settles the calls, whose callers answer.</li>
 * </ol>
 * If the file is edited by hand between 1 and 3, the group is computed again on the new content. If the write or
 * the data plane fails for a group of several calls, nothing of it is kept (the file is left, or written back, as it
 * was) and its calls are committed again one at a time, in the same order: each ends as it would have alone (the
 * change the data plane refuses fails with {@code FailedOperation}, the others are done; a write that keeps failing
 * fails each call). A call is never answered done before the state holding it is on disk and served.
 *
 * <p>Calls that arrive while a group is being written wait for the next group, so a group holds what arrived during
 * one write; an idle load balancer commits each call alone at once.
 *
 * <p>With a task delay, a call is computed on the current state and answered at once, its task written and applied
 * alone when the delay has passed (recomputed then on the file's content); meanwhile the load balancer refuses other
 * changes ({@code FailedOperation.ResourceInOperating}), so a group then holds at most one accepted change.
 */
final class Committer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlPlane.class.getName());
    /** Attempts of a group whose file is edited by hand during the commit, before giving up. */
    private static final int ATTEMPTS = 5;

    /** One changing call; its outcome is set by the leader, read by its caller once {@code settled}. */
    static final class Call {
        final Action action;
        final ObjectNode params;
        final String requestId;
        final Ids ids;
        /** The answer computed by the current attempt, kept only if its group is committed. */
        private ObjectNode draft;
        private ObjectNode answer;
        private RuntimeException failure;
        /** Whether the call reached the write (it then has a task, done or failed). */
        private boolean tasked;
        /** Whether the current attempt decided the call's outcome. */
        private boolean decided;
        private boolean settled;

        Call(Action action, ObjectNode params, String requestId, Ids ids) {
            this.action = action;
            this.params = params;
            this.requestId = requestId;
            this.ids = ids;
        }

        private void reset() {
            draft = null;
            answer = null;
            failure = null;
            tasked = false;
            decided = false;
        }

        /** Refused before the write: no task. */
        private void refuse(RuntimeException e) {
            failure = e;
            tasked = false;
            decided = true;
        }

        /** Failed at the write or the data plane: a failed task. */
        private void fail(RuntimeException e) {
            failure = e;
            tasked = true;
            decided = true;
        }

        /** On disk and served. */
        private void done() {
            answer = draft;
            tasked = true;
            decided = true;
        }

        /** The failure as {@code DescribeTaskStatus} reports it, or null when done. */
        private String taskMessage() {
            if (failure == null) {
                return null;
            }
            return failure instanceof ApiError e ? e.code() + ": " + e.getMessage()
                    : ApiError.INTERNAL_ERROR + ": see the server log for " + requestId;
        }
    }

    private final ConfigStore store;
    private final Tasks tasks;
    private final int maxGroup;
    private final Duration delay;
    private final ScheduledExecutorService delayed;
    private final Consumer<String> taken;
    /** Guards {@link #queue} and {@link #leading}; waiters wait on it. */
    private final Object monitor = new Object();
    private final Queue<Call> queue = new ArrayDeque<>();
    private boolean leading;

    /**
     * @param taken told each call's {@code RequestId} as a leader takes it, in the order the group computes them
     *              (tests compare with applying the calls one by one in that order)
     */
    Committer(ConfigStore store, Tasks tasks, ApiOptions options, Consumer<String> taken) {
        this.store = store;
        this.tasks = tasks;
        this.maxGroup = options.maxGroup();
        this.delay = options.taskDelay();
        this.taken = taken;
        this.delayed = delay.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clb-api-tasks");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs a changing call in the next group and waits until it is settled.
     *
     * @return the answer's fields besides {@code RequestId}
     * @throws ApiError         the call's refusal or failure
     * @throws RuntimeException an unexpected failure of this call (answered {@code InternalError})
     */
    ObjectNode submit(Action action, ObjectNode params, String requestId) {
        Call call = new Call(action, params, requestId, new Ids());
        boolean lead = false;
        boolean interrupted = false;
        synchronized (monitor) {
            queue.add(call);
            while (!call.settled && leading) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the call is queued and will be committed: its answer must say how it ended
                }
            }
            if (!call.settled) {
                leading = true;
                lead = true;
            }
        }
        if (lead) {
            lead(call);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (call.failure != null) {
            throw call.failure;
        }
        return call.answer;
    }

    /**
     * Commits groups until {@code own} is settled, then hands the lead to a waiter whose call is not. The leader's
     * interrupt flag is cleared while it commits and set again after: an interrupt closes the file channel a write
     * uses, and one caller's interrupt must not fail the other calls of its group.
     */
    private void lead(Call own) {
        boolean interrupted = false;
        try {
            while (!own.settled) {
                interrupted |= Thread.interrupted();
                List<Call> group = new ArrayList<>();
                synchronized (monitor) {
                    while (group.size() < maxGroup && !queue.isEmpty()) {
                        group.add(queue.poll());
                    }
                }
                store.lock().lock();
                try {
                    group.forEach(c -> taken.accept(c.requestId));
                    if (delayed == null) {
                        commit(group);
                        String lb = store.state().loadBalancerId();
                        for (Call c : group) {
                            if (c.tasked) {
                                tasks.ended(c.requestId, lb, c.taskMessage());
                            }
                        }
                    } else {
                        group.forEach(this::startDelayed);
                    }
                } finally {
                    store.lock().unlock();
                    synchronized (monitor) {
                        for (Call c : group) {
                            if (!c.decided) {
                                c.reset();
                                c.refuse(new ApiError(ApiError.INTERNAL_ERROR, "The change was interrupted; see the"
                                        + " server log for " + c.requestId + "."));
                            }
                            c.settled = true;
                        }
                        monitor.notifyAll();
                    }
                }
            }
        } finally {
            synchronized (monitor) {
                leading = false;
                monitor.notifyAll();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Calls waiting for a group (for tests). */
    int waiting() {
        synchronized (monitor) {
            return queue.size();
        }
    }

    /** Commits a group, as the class comment says. Call with the lock held; every call has its outcome on return. */
    private void commit(List<Call> group) {
        for (int attempt = 1; ; attempt++) {
            group.forEach(Call::reset);
            ConfigStore.State state;
            try {
                state = store.refresh();
            } catch (RuntimeException e) {
                group.forEach(c -> c.refuse(e));
                return;
            }
            List<Call> ok = new ArrayList<>(group.size());
            for (Call c : group) {
                try {
                    Action.Result r = c.action.change().run(c.params, state, c.ids.replay());
                    state = ConfigStore.validate(r.root(), state);
                    c.draft = r.answer();
                    ok.add(c);
                } catch (RuntimeException e) {
                    c.refuse(e);
                }
            }
            if (ok.isEmpty()) {
                return;
            }
            try {
                store.commit(state);
                ok.forEach(Call::done);
                return;
            } catch (ConfigStore.Stale e) {
                if (attempt == ATTEMPTS) {
                    ApiError kept = new ApiError(ApiError.FAILED_OPERATION, "The configuration file kept changing on"
                            + " disk during the call; retry.");
                    ok.forEach(c -> c.fail(kept));
                    return;
                }
            } catch (RuntimeException e) {
                if (group.size() == 1) {
                    group.get(0).fail(e);
                    return;
                }
                // Every call again, alone and in order: a call refused above may have been refused only because of
                // a change of this group that now fails.
                for (Call c : group) {
                    commit(List.of(c));
                }
                return;
            }
        }
    }

    /** With a task delay: computes the call now, answers it, and schedules its write. Call with the lock held. */
    private void startDelayed(Call c) {
        c.reset();
        try {
            ConfigStore.State base = store.refresh();
            tasks.running(base.loadBalancerId()).ifPresent(t -> {
                throw new ApiError(ApiError.IN_OPERATION, "The load balancer '" + base.loadBalancerId()
                        + "' is being changed by task " + t.id + "; retry when DescribeTaskStatus reports it done.");
            });
            Action.Result r = c.action.change().run(c.params, base, c.ids);
            ConfigStore.validate(r.root(), base);
            Tasks.Task task = tasks.start(c.requestId, base.loadBalancerId());
            delayed.schedule(() -> finishLater(new Call(c.action, c.params, c.requestId, c.ids), task),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
            c.draft = r.answer();
            c.done();
        } catch (RuntimeException e) {
            c.refuse(e);
        }
    }

    /** A delayed task: the change committed alone, computed again on the file's content of that moment. */
    private void finishLater(Call c, Tasks.Task task) {
        store.lock().lock();
        try {
            commit(List.of(c));
            if (c.failure != null && !(c.failure instanceof ApiError)) {
                LOG.log(Level.WARNING, "api: task " + task.id + " failed", c.failure);
            }
            tasks.finish(task, c.taskMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "api: task " + task.id + " failed", e);
            tasks.finish(task, ApiError.INTERNAL_ERROR + ": see the server log for " + task.id);
        } finally {
            store.lock().unlock();
        }
    }

    /** Stops the thread of delayed tasks; tasks not yet applied are dropped (the file keeps its last content). */
    @Override
    public void close() {
        if (delayed != null) {
            delayed.shutdownNow();
        }
    }
}
