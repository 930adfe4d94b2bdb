package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.tencentcloudapi.clb.v20180317.ClbClient;
import com.tencentcloudapi.clb.v20180317.models.DeleteRuleRequest;
import com.tencentcloudapi.clb.v20180317.models.DeregisterFunctionTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.FunctionTarget;
import com.tencentcloudapi.clb.v20180317.models.ModifyFunctionTargetsRequest;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of CreateRule, DeleteRule, Register, Deregister and Modify through the SDK give the same error
 * codes and the same DescribeTargets as {@link Model}, and the file left on disk reloads to that state. Sent by
 * several clients at once, so that the committer groups them, they give the same answers and the same file as the
 * same calls sent one by one in the order the committer took them (each alone in its write).
 */
class ModelPropertyTests {
    private static final String[] DOMAINS = {"localhost", "a.example.com", "A.Example.com"};
    private static final String[] URLS = {"/a", "/b", "/hello", "= /exact"};
    private static final String[] FUNCTIONS = {"hello:$LATEST", "other:$LATEST", "canary:1", "canary:2", "ghost:$LATEST"};

    @Test
    void theEndpointAgreesWithTheNaiveModel() {
        qt().withExamples(30).withShrinkCycles(30)
                .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 25))
                .checkAssert(ModelPropertyTests::agree);
    }

    private static void agree(List<Integer> ops) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("clb-api-prop");
            Model model = new Model();
            List<String> trace = new ArrayList<>();
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                ClbClient clb = api.client();
                for (int op : ops) {
                    trace.add(step(clb, model, op));
                }
                assertThat(Sdk.bindings(clb)).as(String.join("\n", trace)).isEqualTo(model.bindings());
            }
            Path file = dir.resolve("clb.json");
            try (ControlPlane again = ControlPlane.open(file, json -> { }, ApiFixture.lenient().withPort(0));
                 ManagementServer server = ManagementServer.start(again)) {
                assertThat(Sdk.bindings(new ApiFixture.View(server.port()).client())).isEqualTo(model.bindings());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            delete(dir);
        }
    }

    private static final int CLIENTS = 4;

    @Test
    void callsFromSeveralClientsAtOnceEndAsTheSameCallsOneByOneInTheOrderTheCommitterTookThem() {
        AtomicInteger grouped = new AtomicInteger();
        qt().withExamples(25).withShrinkCycles(10)
                .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(CLIENTS, 40))
                .checkAssert(ops -> grouped.addAndGet(agreeGrouped(ops)));
        assertThat(grouped.get()).as("examples in which one write held several calls").isPositive();
    }

    /** One call made of a random number, naming its rule by Domain + Url so that it means the same in any run. */
    private record Op(String action, String body) {
        static Op of(int op) {
            String listener = (op >> 3) % 6 == 0 ? "lbl-tcp" : "lbl-http";
            String domain = DOMAINS[(op >> 6) % DOMAINS.length];
            String url = URLS[(op >> 8) % URLS.length];
            String function = FUNCTIONS[(op >> 10) % FUNCTIONS.length];
            String name = function.substring(0, function.indexOf(':'));
            String qualifier = function.substring(function.indexOf(':') + 1);
            int weight = (op >> 13) % 20 == 0 ? 101 : (op >> 13) % 101;
            String binding = Direct.binding(listener, domain, url, name, qualifier, weight);
            return switch (op % 5) {
                case 0 -> new Op("CreateRule", Direct.createRule(listener, domain, url));
                case 1 -> new Op("DeleteRule", Direct.deleteRule(listener, domain, url));
                case 2 -> new Op("RegisterFunctionTargets", binding);
                case 3 -> new Op("DeregisterFunctionTargets", binding);
                default -> new Op("ModifyFunctionTargets", binding);
            };
        }
    }

    /** Runs the calls from {@link #CLIENTS} threads, then one by one; returns 1 when a write held several calls. */
    private static int agreeGrouped(List<Integer> ops) {
        List<Op> calls = ops.stream().map(Op::of).toList();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("clb-api-group");
            Path grouped = Files.createDirectory(dir.resolve("grouped"));
            Path alone = Files.createDirectory(dir.resolve("alone"));
            Files.writeString(grouped.resolve("clb.json"), ApiFixture.CONFIG);
            Files.writeString(alone.resolve("clb.json"), ApiFixture.CONFIG);

            AtomicInteger writes = new AtomicInteger();
            ConfigStore.Disk slow = (file, bytes) -> {
                writes.incrementAndGet();
                ConfigStore.writeAtomically(file, bytes);
                try {
                    Thread.sleep(2); // a slower disk: calls of the other clients arrive during the write
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            ApiFixture.DataPlane data = new ApiFixture.DataPlane(ApiFixture.CONFIG);
            List<String> taken = new CopyOnWriteArrayList<>();
            ObjectNode[] answers = new ObjectNode[calls.size()];
            try (ControlPlane plane = ControlPlane.open(grouped.resolve("clb.json"), data, ApiFixture.lenient(), slow,
                    taken::add)) {
                ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> clients = new ArrayList<>();
                for (int t = 0; t < CLIENTS; t++) {
                    int client = t;
                    clients.add(pool.submit(() -> {
                        go.await();
                        for (int i = client; i < calls.size(); i += CLIENTS) {
                            answers[i] = Direct.call(plane, calls.get(i).action(), calls.get(i).body());
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : clients) {
                    f.get(2, TimeUnit.MINUTES);
                }
                pool.shutdown();
            }
            Map<String, Integer> byId = new HashMap<>();
            for (int i = 0; i < answers.length; i++) {
                byId.put(answers[i].path("RequestId").asText(), i);
            }
            List<Integer> order = taken.stream().map(byId::get).toList();
            assertThat(order).as("every changing call taken once").doesNotContainNull()
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, calls.size()).boxed()
                            .toList());

            List<ObjectNode> oneByOne = new ArrayList<>();
            try (ControlPlane plane = ControlPlane.open(alone.resolve("clb.json"), json -> { },
                    ApiFixture.lenient().withMaxGroup(1), ConfigStore::writeAtomically, id -> { })) {
                for (int i : order) {
                    oneByOne.add(Direct.call(plane, calls.get(i).action(), calls.get(i).body()));
                }
            }
            List<String> trace = new ArrayList<>();
            Map<String, String> idsGrouped = new HashMap<>();
            Map<String, String> idsAlone = new HashMap<>();
            for (int k = 0; k < order.size(); k++) {
                ObjectNode a = answers[order.get(k)];
                ObjectNode b = oneByOne.get(k);
                if (a.has("LocationIds") && b.has("LocationIds")) {
                    idsGrouped.put(a.get("LocationIds").get(0).asText(), "loc-#" + k);
                    idsAlone.put(b.get("LocationIds").get(0).asText(), "loc-#" + k);
                }
                trace.add(calls.get(order.get(k)) + " -> " + normalized(a, idsGrouped));
                assertThat(normalized(a, idsGrouped)).as(String.join("\n", trace))
                        .isEqualTo(normalized(b, idsAlone));
            }
            String file = Files.readString(grouped.resolve("clb.json"));
            assertThat(renamed(file, idsGrouped)).as(String.join("\n", trace))
                    .isEqualTo(renamed(Files.readString(alone.resolve("clb.json")), idsAlone));
            if (!data.applied.isEmpty()) {
                assertThat(data.applied.get(data.applied.size() - 1)).isEqualTo(file);
            }
            long done = java.util.stream.Stream.of(answers)
                    .filter(a -> !a.has("Error")).count();
            return writes.get() < done ? 1 : 0;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            delete(dir);
        }
    }

    /**
     * An answer without its RequestId, the ids the calls created replaced by their place in the order, and the id a
     * refused CreateRule drew (named in its message) by {@code loc-new}.
     */
    private static String normalized(ObjectNode answer, Map<String, String> ids) {
        ObjectNode copy = answer.deepCopy();
        copy.remove("RequestId");
        return renamed(copy.toString(), ids).replaceAll("loc-[a-z0-9]{8}\\b", "loc-new");
    }

    private static String renamed(String text, Map<String, String> ids) {
        String out = text;
        for (Map.Entry<String, String> e : ids.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String step(ClbClient clb, Model model, int op) {
        String listener = (op >> 3) % 6 == 0 ? "lbl-tcp" : "lbl-http";
        int pick = op >> 6;
        String function = FUNCTIONS[(op >> 9) % FUNCTIONS.length];
        int weight = (op >> 12) % 20 == 0 ? 101 : (op >> 12) % 101;
        String location = model.ruleId("lbl-http", pick);
        String expected;
        String got;
        String what;
        switch (op % 5) {
            case 0 -> {
                String domain = DOMAINS[pick % DOMAINS.length];
                String url = URLS[(pick / 3) % URLS.length];
                what = "CreateRule " + listener + " " + domain + url;
                expected = model.createRule(listener, domain, url);
                String[] ids = new String[1];
                got = code(() -> ids[0] = clb.CreateRule(Sdk.createRule(listener, domain, url)).getLocationIds()[0]);
                if (got.isEmpty() && expected.isEmpty()) {
                    model.created(listener, ids[0], domain, url);
                }
            }
            case 1 -> {
                what = "DeleteRule " + listener + " " + location;
                expected = model.deleteRule(listener, location);
                got = code(() -> {
                    DeleteRuleRequest r = new DeleteRuleRequest();
                    r.setLoadBalancerId("lb-test");
                    r.setListenerId(listener);
                    r.setLocationIds(new String[] {location});
                    clb.DeleteRule(r);
                });
            }
            default -> {
                String kind = op % 5 == 2 ? "register" : op % 5 == 3 ? "deregister" : "modify";
                what = kind + " " + listener + " " + location + " " + function + "@" + weight;
                expected = model.bind(kind, listener, location, function, weight);
                FunctionTarget[] ts = {Sdk.target(function.substring(0, function.indexOf(':')),
                        function.substring(function.indexOf(':') + 1), (long) weight)};
                got = code(() -> {
                    switch (kind) {
                        case "register" -> clb.RegisterFunctionTargets(Sdk.register("lb-test", listener, location, ts));
                        case "deregister" -> {
                            DeregisterFunctionTargetsRequest r = new DeregisterFunctionTargetsRequest();
                            r.setLoadBalancerId("lb-test");
                            r.setListenerId(listener);
                            r.setLocationId(location);
                            r.setFunctionTargets(ts);
                            clb.DeregisterFunctionTargets(r);
                        }
                        default -> {
                            ModifyFunctionTargetsRequest r = new ModifyFunctionTargetsRequest();
                            r.setLoadBalancerId("lb-test");
                            r.setListenerId(listener);
                            r.setLocationId(location);
                            r.setFunctionTargets(ts);
                            clb.ModifyFunctionTargets(r);
                        }
                    }
                });
            }
        }
        assertThat(got).as(what).isEqualTo(expected);
        return what + " -> " + (got.isEmpty() ? "ok" : got);
    }

    @FunctionalInterface
    private interface Call {
        void run() throws TencentCloudSDKException;
    }

    private static String code(Call call) {
        try {
            call.run();
            return "";
        } catch (TencentCloudSDKException e) {
            return e.getErrorCode();
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
