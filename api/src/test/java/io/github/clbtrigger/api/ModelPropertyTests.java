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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of CreateRule, DeleteRule, Register, Deregister and Modify through the SDK give the same error
 * codes and the same DescribeTargets as {@link Model}, and the file left on disk reloads to that state.
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
