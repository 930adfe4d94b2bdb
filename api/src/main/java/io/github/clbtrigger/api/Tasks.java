package io.github.clbtrigger.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The asynchronous tasks of changing calls, by {@code TaskId} (the call's {@code RequestId}), as
 * {@code DescribeTaskStatus} reports them: {@code Status} 2 running, 0 done, 1 failed with a message. The most recent
 * {@value #KEEP} tasks are kept; an older id is unknown again.
 */
final class Tasks {
    static final int KEEP = 10_000;

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int RUNNING = 2;

    /** One task; {@code status} and {@code message} change once, from running to done or failed. */
    static final class Task {
        final String id;
        final String loadBalancerId;
        private volatile int status = RUNNING;
        private volatile String message = "";

        Task(String id, String loadBalancerId) {
            this.id = id;
            this.loadBalancerId = loadBalancerId;
        }

        int status() {
            return status;
        }

        String message() {
            return message;
        }
    }

    private final Map<String, Task> tasks = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Task> eldest) {
            return size() > KEEP;
        }
    };
    private final Map<String, Task> running = new ConcurrentHashMap<>();

    /** Records a running task; the load balancer is busy until {@link #finish}. */
    synchronized Task start(String id, String loadBalancerId) {
        Task t = new Task(id, loadBalancerId);
        tasks.put(id, t);
        running.put(loadBalancerId, t);
        return t;
    }

    /**
     * Records a task that ended before its call was answered (no task delay): done when {@code failure} is null,
     * else failed with that message. The load balancer is never marked busy by it.
     */
    synchronized void ended(String id, String loadBalancerId, String failure) {
        Task t = new Task(id, loadBalancerId);
        tasks.put(id, t);
        finish(t, failure);
    }

    /** Ends a task: done when {@code failure} is null, else failed with that message. */
    void finish(Task t, String failure) {
        if (failure == null) {
            t.status = DONE;
        } else {
            t.message = failure;
            t.status = FAILED;
        }
        running.remove(t.loadBalancerId, t);
    }

    /** The task still running on this load balancer, if any. */
    Optional<Task> running(String loadBalancerId) {
        return Optional.ofNullable(running.get(loadBalancerId));
    }

    synchronized Optional<Task> get(String id) {
        return Optional.ofNullable(tasks.get(id));
    }
}
