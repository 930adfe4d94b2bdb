package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RequestIdTests {

    @Test
    void requestIdsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = InvocationContext.newRequestId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            seen.add(id);
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void anInvocationKeepsTheIdItWasFirstAskedForWhicheverThreadsAsk() throws Exception {
        FunctionSpec spec = new FunctionSpec.Registered(FunctionKey.of(null, "f", null), FunctionSpec.Limits.DEFAULTS,
                Map.of());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Set<String> perInvocation = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                InvocationContext context = InvocationContext.of(spec);
                Set<String> seen = ConcurrentHashMap.newKeySet();
                CountDownLatch go = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(4);
                for (int t = 0; t < 4; t++) {
                    threads.execute(() -> {
                        try {
                            go.await();
                            seen.add(context.requestId());
                            seen.add(context.requestId());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    });
                }
                go.countDown();
                assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(seen).hasSize(1);
                assertThat(context.requestId()).isEqualTo(seen.iterator().next());
                perInvocation.add(context.requestId());
            }
            assertThat(perInvocation).as("every invocation its own id").hasSize(200);
        } finally {
            threads.shutdownNow();
        }
        assertThat(new InvocationContext("req-1", 1000, 128, "f", "default", "$LATEST", Map.of()).requestId())
                .isEqualTo("req-1");
    }
}
