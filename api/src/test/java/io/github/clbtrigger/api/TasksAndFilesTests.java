package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tencentcloudapi.clb.v20180317.ClbClient;
import com.tencentcloudapi.clb.v20180317.models.DescribeTaskStatusRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeTaskStatusResponse;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TasksAndFilesTests {
    @TempDir
    Path dir;

    @Nested
    class DelayedTasks {
        @Test
        void aTaskRunsForTheDelayThenTheRouteIsLiveAndOtherChangesWait() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient().withTaskDelay(Duration.ofMillis(400)))) {
                ClbClient clb = api.client();
                String before = api.fileText();
                String task = clb.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                        Sdk.target("hello", "$LATEST", 10L))).getRequestId();
                DescribeTaskStatusRequest q = new DescribeTaskStatusRequest();
                q.setTaskId(task);
                DescribeTaskStatusResponse running = clb.DescribeTaskStatus(q);
                assertThat(running.getStatus()).isEqualTo(2L);
                assertThat(running.getLoadBalancerIds()).containsExactly("lb-test");
                assertThat(api.fileText()).isEqualTo(before);
                assertThat(api.data.route("lbl-http", "localhost", "/hello")).isEmpty();

                TencentCloudSDKException busy = catchThrowableOfType(TencentCloudSDKException.class,
                        () -> clb.CreateRule(Sdk.createRule("lbl-http", "localhost", "/other")));
                assertThat(busy.getErrorCode()).isEqualTo("FailedOperation.ResourceInOperating");

                assertThat(Sdk.waitForTask(clb, task)).isZero();
                assertThat(api.data.route("lbl-http", "localhost", "/hello")).contains("default/hello:$LATEST");
                assertThat(api.fileText()).contains("\"hello\"");
                assertThat(clb.CreateRule(Sdk.createRule("lbl-http", "localhost", "/other")).getLocationIds())
                        .hasSize(1);
            }
        }

        @Test
        void aTaskThatFailsWhenItRunsReportsStatusOneWithTheReason() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient().withTaskDelay(Duration.ofMillis(200)))) {
                ClbClient clb = api.client();
                api.data.refuse = "cannot bind port";
                String task = clb.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                        Sdk.target("hello", "$LATEST", 10L))).getRequestId();
                assertThat(Sdk.waitForTask(clb, task)).isEqualTo(1L);
                DescribeTaskStatusRequest q = new DescribeTaskStatusRequest();
                q.setTaskId(task);
                assertThat(clb.DescribeTaskStatus(q).getMessage()).contains("cannot bind port");
                assertThat(api.fileText()).isEqualTo(ApiFixture.CONFIG);
            }
        }
    }

    @Nested
    class Restart {
        @Test
        void aRestartServesExactlyWhatDescribeTargetsLastShowed() throws Exception {
            String shown;
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                ClbClient clb = api.client();
                String loc = clb.CreateRule(Sdk.createRule("lbl-http", "Example.COM", "/x")).getLocationIds()[0];
                clb.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", loc, Sdk.target("other", "$LATEST", 7L)));
                clb.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                        Sdk.target("canary", "1", 50L), Sdk.target("canary", "2", 50L)));
                shown = Sdk.bindings(clb).toString();
            }
            Path file = dir.resolve("clb.json");
            ApiFixture.DataPlane fresh = new ApiFixture.DataPlane(Files.readString(file));
            try (ControlPlane again = ControlPlane.open(file, fresh, ApiFixture.lenient().withPort(0));
                 ManagementServer server = ManagementServer.start(again)) {
                ApiFixture view = new ApiFixture.View(server.port());
                assertThat(Sdk.bindings(view.client()).toString()).isEqualTo(shown);
                assertThat(fresh.route("lbl-http", "example.com", "/x/y")).contains("default/other:$LATEST");
            }
            assertThat(Files.readString(file)).contains("\"Handler\" : \"a.B::f\"");
        }
    }

    @Nested
    class AtomicWrites {
        @Test
        void readersRacingWritesAlwaysSeeAWholeFileAndNoTemporaryFileIsLeft() throws Exception {
            Path file = dir.resolve("clb.json");
            byte[] a = big('a');
            byte[] b = big('b');
            Files.write(file, a);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger reads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        byte[] seen = Files.readAllBytes(file);
                        assertThat(seen.length == a.length && (java.util.Arrays.equals(seen, a)
                                || java.util.Arrays.equals(seen, b))).as("a whole file").isTrue();
                        Json.object(seen);
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 200; i++) {
                ConfigStore.writeAtomically(file, i % 2 == 0 ? b : a);
            }
            stop.set(true);
            for (Future<?> f : readers) {
                f.get(10, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(reads.get()).isPositive();
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).containsExactly(file);
            }
        }

        @Test
        void theFilesPermissionsAreKept() throws Exception {
            Path file = dir.resolve("clb.json");
            Files.writeString(file, "{}");
            var perms = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
            Files.setPosixFilePermissions(file, perms);
            ConfigStore.writeAtomically(file, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(perms);
        }

        private byte[] big(char c) {
            StringBuilder s = new StringBuilder("{\"Listeners\":[");
            for (int i = 0; i < 2000; i++) {
                s.append(i == 0 ? "" : ",").append("{\"ListenerId\":\"").append(c).append(i).append("\"}");
            }
            return s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    @Nested
    class HandEdits {
        @Test
        void anApiChangeAfterAHandEditKeepsTheEdit() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                ClbClient clb = api.client();
                handAddRule(api.file, "loc-byhand", "/byhand");
                String loc = clb.CreateRule(Sdk.createRule("lbl-http", "localhost", "/byapi")).getLocationIds()[0];
                assertThat(Sdk.bindings(clb)).containsKeys("lbl-http/loc-byhand localhost/byhand",
                        "lbl-http/" + loc + " localhost/byapi");
                assertThat(api.fileConfig().listener("lbl-http").orElseThrow().rules())
                        .extracting(r -> r.locationId()).containsExactly("loc-hello", "loc-byhand", loc);
                assertThat(api.data.route("lbl-http", "localhost", "/byhand")).isEmpty();
                assertThat(api.data.table.config().listener("lbl-http").orElseThrow().rules()).hasSize(3);
            }
        }

        @Test
        void aBrokenHandEditStopsChangesUntilFixedWhileReadsAnswerTheLastValidState() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                ClbClient clb = api.client();
                Files.writeString(api.file, "{\"Listeners\": [");
                TencentCloudSDKException e = catchThrowableOfType(TencentCloudSDKException.class,
                        () -> clb.CreateRule(Sdk.createRule("lbl-http", "localhost", "/x")));
                assertThat(e.getErrorCode()).isEqualTo("FailedOperation");
                assertThat(e.getMessage()).contains("edited and is now invalid");
                assertThat(Files.readString(api.file)).isEqualTo("{\"Listeners\": [");
                Files.writeString(api.file, ApiFixture.CONFIG);
                assertThat(clb.CreateRule(Sdk.createRule("lbl-http", "localhost", "/x")).getLocationIds()).hasSize(1);
            }
        }

        @Test
        void reloadsRunThroughSerializedAndApiChangesNeverLoseEachOther() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                ExecutorService pool = Executors.newFixedThreadPool(3);
                CountDownLatch go = new CountDownLatch(1);
                Future<?> editor = pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 40; i++) {
                        int n = i;
                        api.plane.serialized(() -> handAddRule(api.file, "loc-hand" + n, "/hand" + n));
                    }
                    return null;
                });
                List<Future<?>> apis = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int tt = t;
                    apis.add(pool.submit(() -> {
                        ClbClient clb = api.client();
                        go.await();
                        for (int i = 0; i < 40; i++) {
                            clb.CreateRule(Sdk.createRule("lbl-http", "localhost", "/api" + tt + "-" + i));
                        }
                        return null;
                    }));
                }
                go.countDown();
                editor.get(60, TimeUnit.SECONDS);
                for (Future<?> f : apis) {
                    f.get(60, TimeUnit.SECONDS);
                }
                pool.shutdown();
                List<String> urls = api.fileConfig().listener("lbl-http").orElseThrow().rules().stream()
                        .map(r -> r.url()).toList();
                assertThat(urls).hasSize(1 + 40 + 80);
                for (int i = 0; i < 40; i++) {
                    assertThat(urls).contains("/hand" + i, "/api0-" + i, "/api1-" + i);
                }
            }
        }

        @Test
        void anApiChangeWaitsWhileAReloadHoldsTheLock() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                ClbClient clb = api.client();
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Thread reload = new Thread(() -> api.plane.serialized(() -> {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                reload.start();
                held.await();
                ExecutorService pool = Executors.newSingleThreadExecutor();
                Future<String[]> call = pool.submit(() ->
                        clb.CreateRule(Sdk.createRule("lbl-http", "localhost", "/late")).getLocationIds());
                Thread.sleep(300);
                assertThat(call).isNotDone();
                release.countDown();
                assertThat(call.get(10, TimeUnit.SECONDS)).hasSize(1);
                pool.shutdown();
                reload.join();
            }
        }

        private static void handAddRule(Path file, String id, String url) {
            try {
                ObjectNode root = Json.object(Files.readAllBytes(file));
                ArrayNode rules = (ArrayNode) root.get("Listeners").get(0).get("Rules");
                rules.addObject().put("LocationId", id).put("Domain", "localhost").put("Url", url);
                ConfigStore.writeAtomically(file, Json.pretty(root));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
