package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlinesTests {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final Deadlines deadlines = new Deadlines(timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void anActionRunsAfterItsDelayNeverBefore() throws Exception {
        long start = System.nanoTime();
        AtomicLong ranAt = new AtomicLong();
        CountDownLatch ran = new CountDownLatch(1);
        deadlines.schedule(150, TimeUnit.MILLISECONDS, () -> {
            ranAt.set(System.nanoTime());
            ran.countDown();
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(ranAt.get() - start)).isGreaterThanOrEqualTo(150);
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void runAllNowRunsEveryPendingActionButTheCancelledOnesOnTheCallingThread() {
        AtomicInteger runs = new AtomicInteger();
        Thread caller = Thread.currentThread();
        AtomicInteger elsewhere = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            deadlines.schedule(1, TimeUnit.HOURS, () -> {
                runs.incrementAndGet();
                if (Thread.currentThread() != caller) {
                    elsewhere.incrementAndGet();
                }
            });
        }
        deadlines.schedule(1, TimeUnit.HOURS, runs::incrementAndGet).cancel();
        assertThat(deadlines.stopping()).isFalse();

        deadlines.runAllNow();

        assertThat(runs).hasValue(10);
        assertThat(elsewhere).hasValue(0);
        assertThat(deadlines.stopping()).isTrue();
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void aCancelledDeadlineNeverRunsAndIsForgotten() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Deadlines.Deadline d = deadlines.schedule(50, TimeUnit.MILLISECONDS, runs::incrementAndGet);
        d.cancel();
        assertThat(deadlines.pending()).isZero();
        CountDownLatch later = new CountDownLatch(1);
        deadlines.schedule(150, TimeUnit.MILLISECONDS, later::countDown);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
    }

    @Test
    void manyDeadlinesFromManyThreadsEachRunOnceAndInOrderOfTheirDelays() throws Exception {
        int n = 2_000;
        CountDownLatch all = new CountDownLatch(n);
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger[] runs = new AtomicInteger[n];
        ScheduledExecutorService clients = Executors.newScheduledThreadPool(4);
        try {
            for (int i = 0; i < n; i++) {
                int id = i;
                runs[i] = new AtomicInteger();
                clients.execute(() -> deadlines.schedule(id % 2 == 0 ? 20 : 400, TimeUnit.MILLISECONDS, () -> {
                    runs[id].incrementAndGet();
                    order.add(id % 2);
                    all.countDown();
                }));
            }
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            clients.shutdownNow();
        }
        for (AtomicInteger r : runs) {
            assertThat(r).hasValue(1);
        }
        // every 20 ms deadline ran before every 400 ms one (all were scheduled within well under 380 ms)
        assertThat(order.subList(0, n / 2)).containsOnly(0);
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void anIdleSetStopsTicking() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        deadlines.schedule(1, TimeUnit.MILLISECONDS, ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(5 * Deadlines.TICK_MILLIS);
        assertThat(timer.getQueue()).as("no sweep stays scheduled once nothing is pending").isEmpty();
        assertThat(timer.getCompletedTaskCount()).isLessThanOrEqualTo(3);
    }

    @Test
    void aThrowingActionDoesNotStopTheOthers() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        deadlines.schedule(5, TimeUnit.MILLISECONDS, () -> {
            throw new IllegalStateException("boom");
        });
        deadlines.schedule(30, TimeUnit.MILLISECONDS, after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
