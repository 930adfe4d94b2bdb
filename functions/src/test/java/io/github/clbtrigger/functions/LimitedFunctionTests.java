package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.clbtrigger.codec.InboundRequest;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitedFunctionTests {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        threads.shutdownNow();
    }

    private LimitedFunction function(int timeoutSeconds, int maxConcurrency, ClbFunction fn, int maxValueBytes) {
        FunctionSpec spec = new FunctionSpec.Registered(FunctionKey.of(null, "f", null),
                new FunctionSpec.Limits(timeoutSeconds, 128, maxConcurrency), Map.of());
        return new LimitedFunction(spec, new InProcessRuntime(fn, getClass().getClassLoader(), null, threads, maxValueBytes), new Deadlines(timer));
    }

    private static Invocation invocation() {
        InboundRequest request = new InboundRequest("GET", "/", "http", "HTTP/1.1", "127.0.0.1", 5000, "127.0.0.1", 80,
                List.of(), Instant.now());
        return new Invocation(new InvocationContext("id", 1000, 128, "f", "default", "$LATEST", Map.of()), request,
                new byte[0], "/", null, "{}");
    }

    @Test
    void aValueComesBackAsItsBytes() throws Exception {
        FunctionResult r = function(3, 1, (e, c) -> "{\"statusCode\":200}", 1000).invoke(invocation()).get(5, TimeUnit.SECONDS);
        assertThat(r).isInstanceOfSatisfying(FunctionResult.Value.class,
                v -> assertThat(new String(v.json(), StandardCharsets.UTF_8)).isEqualTo("{\"statusCode\":200}"));
    }

    @Test
    void aTimeoutAnswersInTimeAndInterruptsTheHandler() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        LimitedFunction fn = function(1, 1, (e, c) -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ie) {
                interrupted.countDown();
            }
            return "{}";
        }, 1000);
        long start = System.nanoTime();
        FunctionResult r = fn.invoke(invocation()).get(5, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r).isInstanceOfSatisfying(FunctionResult.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT));
        assertThat(ms).isBetween(950L, 1400L);   // 1 s + scheduling slack on a loaded 2-core CI machine
        assertThat(interrupted.await(2, TimeUnit.SECONDS)).as("handler thread interrupted").isTrue();
    }

    @Test
    void aQuickFunctionMovesToTheCallersThreadOnlyWhenAllowedAndASlowCallSendsItBack() throws Exception {
        AtomicBoolean slow = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Thread> ranOn = new java.util.concurrent.atomic.AtomicReference<>();
        LimitedFunction fn = function(3, 4, (e, c) -> {
            ranOn.set(Thread.currentThread());
            if (slow.get()) {
                Thread.sleep(5);
            }
            return "{}";
        }, 1000);
        for (int i = 0; i < InProcessRuntime.QUICK_STREAK; i++) {
            fn.invoke(invocation(), true).get(5, TimeUnit.SECONDS);
            assertThat(ranOn.get()).as("call %d, before the streak is complete", i).isNotSameAs(Thread.currentThread());
        }
        fn.invoke(invocation(), false).get(5, TimeUnit.SECONDS);
        assertThat(ranOn.get()).as("a caller that cannot wait").isNotSameAs(Thread.currentThread());
        CompletableFuture<FunctionResult> onCaller = fn.invoke(invocation(), true);
        assertThat(onCaller).as("done on return: it ran here").isDone();
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());

        slow.set(true);
        fn.invoke(invocation(), true).get(5, TimeUnit.SECONDS);   // runs here, and is slow
        slow.set(false);
        fn.invoke(invocation(), true).get(5, TimeUnit.SECONDS);
        assertThat(ranOn.get()).as("after a slow call").isNotSameAs(Thread.currentThread());
    }

    @Test
    void onTheCallersThreadATimeoutStillAnswersInTimeAndItsInterruptEndsWithTheCall() throws Exception {
        AtomicBoolean hang = new AtomicBoolean();
        CountDownLatch interrupted = new CountDownLatch(1);
        LimitedFunction fn = function(1, 4, (e, c) -> {
            if (hang.get()) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException ie) {
                    interrupted.countDown();
                }
            }
            return "{}";
        }, 1000);
        for (int i = 0; i < InProcessRuntime.QUICK_STREAK; i++) {
            fn.invoke(invocation(), true).get(5, TimeUnit.SECONDS);
        }
        hang.set(true);
        long start = System.nanoTime();
        FunctionResult r = fn.invoke(invocation(), true).get(5, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(interrupted.getCount()).as("ran on this thread, interrupted at the timeout").isZero();
        assertThat(r).isInstanceOfSatisfying(FunctionResult.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT));
        assertThat(ms).isBetween(950L, 1400L);
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt did not outlive the call").isFalse();
    }

    @Test
    void slotIsFreeBeforeTheAnswerIsSeen() throws Exception {
        LimitedFunction fn = function(3, 1, (e, c) -> "{\"statusCode\":200}", 1000);
        for (int i = 0; i < 200; i++) {
            // what the filter does: react to the answer in a dependent registered after invoke() returned
            FunctionResult next = fn.invoke(invocation()).thenCompose(r -> fn.invoke(invocation()))
                    .get(5, TimeUnit.SECONDS);
            assertThat(next).as("round %d", i).isInstanceOf(FunctionResult.Value.class);
        }
    }

    @Test
    void overMaxConcurrencyIsThrottledAndASlotIsFreedAfterwards() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LimitedFunction fn = function(5, 1, (e, c) -> {
            release.await();
            return "{\"statusCode\":200}";
        }, 1000);
        CompletableFuture<FunctionResult> first = fn.invoke(invocation());
        FunctionResult second = fn.invoke(invocation()).get(1, TimeUnit.SECONDS);
        assertThat(second).isInstanceOfSatisfying(FunctionResult.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(ErrorKind.THROTTLED));
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOf(FunctionResult.Value.class);
        assertThat(fn.invoke(invocation()).get(5, TimeUnit.SECONDS)).isInstanceOf(FunctionResult.Value.class);
    }

    @Test
    void aThrowingHandlerIsAFunctionErrorNamingTheException() throws Exception {
        FunctionResult r = function(3, 1, (e, c) -> {
            throw new IllegalStateException("boom");
        }, 1000).invoke(invocation()).get(5, TimeUnit.SECONDS);
        assertThat(r).isInstanceOfSatisfying(FunctionResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(ErrorKind.FUNCTION_ERROR);
            assertThat(f.reason()).contains("default/f:$LATEST", "java.lang.IllegalStateException: boom");
        });
    }

    @Test
    void aValueOverTheLimitIsResponseTooLarge() throws Exception {
        FunctionResult r = function(3, 1, (e, c) -> "x".repeat(1001), 1000).invoke(invocation()).get(5, TimeUnit.SECONDS);
        assertThat(r).isInstanceOfSatisfying(FunctionResult.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(ErrorKind.RESPONSE_TOO_LARGE));
    }

    @Test
    void theTimedOutSlotIsFreedEvenIfTheHandlerIgnoresInterrupts() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LimitedFunction fn = function(1, 1, (e, c) -> {
            while (!stop.get()) {
                Thread.onSpinWait();
            }
            return "{}";
        }, 1000);
        try {
            assertThat(fn.invoke(invocation()).get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(FunctionResult.Failure.class,
                    f -> assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT));
            // the slot is free again although the thread still spins (documented)
            assertThat(fn.invoke(invocation()).get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(FunctionResult.Failure.class,
                    f -> assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT));
        } finally {
            stop.set(true);
        }
    }
}
