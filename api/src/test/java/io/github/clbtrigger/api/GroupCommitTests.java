package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: changing calls that arrive while a write is in progress are computed in turn, written with one write,
 * applied once, and answered only once that write is on disk; a call refused inside a group fails alone; a group
 * whose write or apply fails reports no call done.
 */
class GroupCommitTests {
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path dir;

    /** A disk that holds each write until the test lets it pass, and fails writes while {@link #fail} is set. */
    static final class GatedDisk implements ConfigStore.Disk {
        private final Semaphore entered = new Semaphore(0);
        private final Semaphore pass = new Semaphore(0);
        final AtomicInteger written = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean gated = true;
        volatile boolean fail;

        @Override
        public void write(Path file, byte[] bytes) throws IOException {
            attempts.incrementAndGet();
            entered.release();
            if (gated) {
                pass.acquireUninterruptibly();
            }
            if (fail) {
                throw new IOException("No space left on device (injected)");
            }
            ConfigStore.writeAtomically(file, bytes);
            written.incrementAndGet();
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("a write started").isTrue();
        }

        /** Lets the write held now pass. */
        void passOne() {
            pass.release();
        }

        /** Stops holding writes. */
        void open() {
            gated = false;
            pass.release(1000);
        }
    }

    /** A control plane on {@link ApiFixture#CONFIG} writing through a {@link GatedDisk}. */
    final class Gated implements AutoCloseable {
        final Path file = dir.resolve("clb.json");
        final GatedDisk disk = new GatedDisk();
        final ApiFixture.DataPlane data = new ApiFixture.DataPlane(ApiFixture.CONFIG);
        final List<String> taken = new CopyOnWriteArrayList<>();
        final ControlPlane plane;
        private final ExecutorService pool = Executors.newCachedThreadPool();

        Gated(ApiOptions options, ConfigTarget target) throws IOException {
            Files.writeString(file, ApiFixture.CONFIG);
            plane = ControlPlane.open(file, target == null ? data : target, options, disk, taken::add);
        }

        Gated() throws IOException {
            this(ApiFixture.lenient(), null);
        }

        /** Sends a call that finds the load balancer idle, and returns once its write is held. */
        Future<ObjectNode> first(String action, String body) throws InterruptedException {
            Future<ObjectNode> f = pool.submit(() -> Direct.call(plane, action, body));
            disk.awaitEntered();
            return f;
        }

        /** Sends a call while a write is held, and returns once it waits in the queue. */
        Future<ObjectNode> queued(String action, String body) throws InterruptedException {
            int before = plane.waiting();
            Future<ObjectNode> f = pool.submit(() -> Direct.call(plane, action, body));
            await(() -> plane.waiting() == before + 1);
            return f;
        }

        String fileText() throws IOException {
            return Files.readString(file);
        }

        @Override
        public void close() {
            disk.open();
            pool.shutdownNow();
            plane.close();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for a condition").isLessThan(end);
            Thread.sleep(2);
        }
    }

    private static ObjectNode answer(Future<ObjectNode> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A data plane refusing every configuration with a rule {@code /poison}, applying the others to {@code data}. */
    private static ConfigTarget refusingPoison(ApiFixture.DataPlane data) {
        return new ConfigTarget() {
            @Override
            public void apply(String configJson) throws RejectedConfig {
                throw new AssertionError("the parsed configuration is always handed over");
            }

            @Override
            public void apply(String configJson, io.github.clbtrigger.matcher.LoadBalancerConfig parsed)
                    throws RejectedConfig {
                if (configJson.contains("/poison")) {
                    throw new RejectedConfig("port 18082 is in use");
                }
                data.apply(configJson, parsed);
            }
        };
    }

    private static String register(String name, String qualifier) {
        return Direct.binding("lbl-http", "localhost", "/hello", name, qualifier, 10);
    }

    @Nested
    class Answers {
        @Test
        void callsArrivingDuringAWriteAreWrittenTogetherAndNoneIsAnsweredBeforeThatWrite() throws Exception {
            try (Gated g = new Gated()) {
                Future<ObjectNode> first = g.first("CreateRule", Direct.createRule("lbl-http", "localhost", "/g1"));
                List<Future<ObjectNode>> group = new ArrayList<>();
                for (String url : List.of("/g2", "/g3", "/g4")) {
                    group.add(g.queued("CreateRule", Direct.createRule("lbl-http", "localhost", url)));
                }
                Thread.sleep(100);
                assertThat(first).as("answered before its write").isNotDone();
                assertThat(group).allSatisfy(f -> assertThat(f).isNotDone());
                assertThat(g.fileText()).isEqualTo(ApiFixture.CONFIG);
                assertThat(g.data.applied).isEmpty();

                g.disk.passOne();
                assertThat(Direct.code(answer(first))).isEmpty();
                g.disk.awaitEntered();
                Thread.sleep(100);
                assertThat(group).as("answered before the group's write").allSatisfy(f -> assertThat(f).isNotDone());
                assertThat(g.fileText()).contains("/g1").doesNotContain("/g2");
                assertThat(g.data.applied).hasSize(1);

                g.disk.passOne();
                List<String> ids = new ArrayList<>();
                ids.add(answer(first).path("RequestId").asText());
                for (Future<ObjectNode> f : group) {
                    assertThat(Direct.code(answer(f))).isEmpty();
                    assertThat(answer(f).path("LocationIds")).hasSize(1);
                    ids.add(answer(f).path("RequestId").asText());
                }
                assertThat(g.disk.written.get()).as("one write for the group of three").isEqualTo(2);
                assertThat(g.data.applied).hasSize(2);
                assertThat(g.fileText()).contains("/g2", "/g3", "/g4");
                assertThat(g.data.applied.get(1)).isEqualTo(g.fileText());
                assertThat(g.taken).isEqualTo(ids);
                for (String id : ids) {
                    assertThat(Direct.call(g.plane, "DescribeTaskStatus", "{\"TaskId\":\"" + id + "\"}")
                            .path("Status").asInt()).isZero();
                }
            }
        }

        @Test
        void aCallRefusedInsideAGroupFailsAloneAndEachCallSeesTheStateTheOneBeforeLeft() throws Exception {
            try (Gated g = new Gated()) {
                Future<ObjectNode> first = g.first("CreateRule", Direct.createRule("lbl-http", "localhost", "/g1"));
                List<Future<ObjectNode>> group = List.of(
                        g.queued("RegisterFunctionTargets", register("hello", "$LATEST")),
                        g.queued("RegisterFunctionTargets", register("other", "$LATEST")),
                        g.queued("CreateRule", Direct.createRule("lbl-http", "localhost", "/hello")),
                        g.queued("DeregisterFunctionTargets", register("hello", "$LATEST")),
                        g.queued("DeregisterFunctionTargets", register("hello", "$LATEST")),
                        g.queued("RegisterFunctionTargets", register("canary", "1")));
                g.disk.open();
                assertThat(Direct.code(answer(first))).isEmpty();
                List<String> codes = new ArrayList<>();
                for (Future<ObjectNode> f : group) {
                    codes.add(Direct.code(answer(f)));
                }
                assertThat(codes).containsExactly("", "InvalidParameterValue.Duplicate",
                        "InvalidParameterValue.Duplicate", "", "InvalidParameterValue", "");
                assertThat(g.disk.written.get()).isEqualTo(2);
                assertThat(g.data.route("lbl-http", "localhost", "/hello")).contains("default/canary:1");
                assertThat(io.github.clbtrigger.matcher.LoadBalancerConfig.parse(g.fileText()).listener("lbl-http")
                        .orElseThrow().rules().get(0).targets()).singleElement()
                        .satisfies(t -> assertThat(t.function().toString()).isEqualTo("default/canary:1"));
                assertThat(g.data.applied.get(g.data.applied.size() - 1)).isEqualTo(g.fileText());
            }
        }

        @Test
        void aGroupHoldsAtMostMaxGroupCallsTakenOldestFirst() throws Exception {
            try (Gated g = new Gated(ApiFixture.lenient().withMaxGroup(2), null)) {
                Future<ObjectNode> first = g.first("CreateRule", Direct.createRule("lbl-http", "localhost", "/g0"));
                List<Future<ObjectNode>> rest = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    rest.add(g.queued("CreateRule", Direct.createRule("lbl-http", "localhost", "/g" + i)));
                }
                g.disk.open();
                List<String> ids = new ArrayList<>(List.of(answer(first).path("RequestId").asText()));
                for (Future<ObjectNode> f : rest) {
                    assertThat(Direct.code(answer(f))).isEmpty();
                    ids.add(answer(f).path("RequestId").asText());
                }
                assertThat(g.disk.written.get()).as("1 + 2 + 2 + 1").isEqualTo(4);
                assertThat(g.taken).isEqualTo(ids);
                assertThat(g.fileText()).contains("/g0", "/g1", "/g2", "/g3", "/g4", "/g5");
            }
        }
    }

    @Nested
    class Failures {
        @Test
        void aWriteThatFailsFailsEveryCallOfItsGroupAndLeavesTheFileAndTheRoutesAsTheyWere() throws Exception {
            try (Gated g = new Gated()) {
                Future<ObjectNode> first = g.first("CreateRule", Direct.createRule("lbl-http", "localhost", "/g1"));
                List<Future<ObjectNode>> group = List.of(
                        g.queued("CreateRule", Direct.createRule("lbl-http", "localhost", "/g2")),
                        g.queued("RegisterFunctionTargets", register("hello", "$LATEST")),
                        g.queued("CreateRule", Direct.createRule("lbl-http", "localhost", "/g3")));
                g.disk.passOne();
                assertThat(Direct.code(answer(first))).isEmpty();
                String afterFirst = g.fileText();
                g.disk.fail = true;
                g.disk.open();
                for (Future<ObjectNode> f : group) {
                    ObjectNode a = answer(f);
                    assertThat(Direct.code(a)).isEqualTo("FailedOperation");
                    assertThat(a.path("Error").path("Message").asText()).contains("cannot be written")
                            .contains("No space left on device");
                    ObjectNode status = Direct.call(g.plane, "DescribeTaskStatus",
                            "{\"TaskId\":\"" + a.path("RequestId").asText() + "\"}");
                    assertThat(status.path("Status").asInt()).isEqualTo(1);
                    assertThat(status.path("Message").asText()).startsWith("FailedOperation: ");
                }
                assertThat(g.fileText()).isEqualTo(afterFirst);
                assertThat(g.data.applied).hasSize(1);
                assertThat(g.data.route("lbl-http", "localhost", "/hello")).isEmpty();
                assertThat(g.disk.attempts.get()).as("the group, then each call alone").isEqualTo(1 + 1 + 3);

                g.disk.fail = false;
                assertThat(Direct.code(Direct.call(g.plane, "CreateRule",
                        Direct.createRule("lbl-http", "localhost", "/g2")))).isEmpty();
                assertThat(g.fileText()).contains("/g1", "/g2").doesNotContain("/g3");
            }
        }

        @Test
        void aChangeTheDataPlaneRefusesFailsAloneAndTheRestOfItsGroupIsDone() throws Exception {
            ApiFixture.DataPlane data = new ApiFixture.DataPlane(ApiFixture.CONFIG);
            ConfigTarget refusesPoison = refusingPoison(data);
            try (Gated g = new Gated(ApiFixture.lenient(), refusesPoison)) {
                Future<ObjectNode> first = g.first("CreateRule", Direct.createRule("lbl-http", "localhost", "/g1"));
                List<Future<ObjectNode>> group = List.of(
                        g.queued("CreateRule", Direct.createRule("lbl-http", "localhost", "/g2")),
                        g.queued("CreateRule", Direct.createRule("lbl-http", "localhost", "/poison")),
                        g.queued("RegisterFunctionTargets", register("hello", "$LATEST")));
                g.disk.open();
                assertThat(Direct.code(answer(first))).isEmpty();
                assertThat(Direct.code(answer(group.get(0)))).isEmpty();
                ObjectNode refused = answer(group.get(1));
                assertThat(Direct.code(refused)).isEqualTo("FailedOperation");
                assertThat(refused.path("Error").path("Message").asText()).contains("port 18082 is in use");
                assertThat(Direct.code(answer(group.get(2)))).isEmpty();
                assertThat(g.fileText()).contains("/g1", "/g2", "\"hello\"").doesNotContain("/poison");
                assertThat(data.route("lbl-http", "localhost", "/hello")).contains("default/hello:$LATEST");
                assertThat(data.applied.get(data.applied.size() - 1)).isEqualTo(g.fileText());
            }
        }

        @Test
        void aCallRefusedBecauseOfAChangeThatThenFailsIsAnsweredAsIfAlone() throws Exception {
            ApiFixture.DataPlane data = new ApiFixture.DataPlane(ApiFixture.CONFIG);
            ConfigTarget refusesPoison = refusingPoison(data);
            try (Gated g = new Gated(ApiFixture.lenient(), refusesPoison)) {
                Future<ObjectNode> first = g.first("CreateRule", Direct.createRule("lbl-http", "localhost", "/g1"));
                Future<ObjectNode> poison = g.queued("CreateRule", Direct.createRule("lbl-http", "localhost",
                        "/poison"));
                Future<ObjectNode> again = g.queued("CreateRule", Direct.createRule("lbl-http", "localhost",
                        "/poison"));
                g.disk.open();
                assertThat(Direct.code(answer(first))).isEmpty();
                assertThat(Direct.code(answer(poison))).isEqualTo("FailedOperation");
                ObjectNode second = answer(again);
                assertThat(Direct.code(second)).as("not a duplicate of a rule that was never made")
                        .isEqualTo("FailedOperation");
                assertThat(second.path("Error").path("Message").asText()).contains("port 18082 is in use");
                assertThat(g.fileText()).contains("/g1").doesNotContain("/poison");
            }
        }

        @Test
        void aCallerInterruptedWhileItWaitsStillHasItsChangeWrittenWhenItLeadsTheNextGroup() throws Exception {
            try (Gated g = new Gated()) {
                Future<ObjectNode> first = g.first("CreateRule", Direct.createRule("lbl-http", "localhost", "/g1"));
                Future<ObjectNode> interrupted = g.queued("CreateRule",
                        Direct.createRule("lbl-http", "localhost", "/g2"));
                interrupted.cancel(true);   // interrupts the caller's thread while it waits for the lead
                g.disk.open();
                assertThat(Direct.code(answer(first))).isEmpty();
                await(() -> g.disk.written.get() == 2);
                assertThat(g.fileText()).contains("/g1", "/g2");
                assertThat(g.disk.attempts.get()).as("one write, no failed one").isEqualTo(2);
            }
        }
    }
}
