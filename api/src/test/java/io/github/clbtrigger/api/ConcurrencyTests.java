package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.tencentcloudapi.clb.v20180317.ClbClient;
import com.tencentcloudapi.clb.v20180317.models.DeregisterFunctionTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.FunctionTarget;
import com.tencentcloudapi.clb.v20180317.models.ModifyFunctionTargetsRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once: every change is serialized on the load balancer, none lost, none half-applied. */
class ConcurrencyTests {
    private static final int THREADS = 8;
    private static final int RULES = 40;
    private static final int READS = 20;

    @TempDir
    Path dir;

    @Test
    void eightClientsAThousandCallsThenDescribeTargetsIsExactlyTheExpectedState() throws Exception {
        try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            List<Future<Map<String, List<String>>>> expected = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                expected.add(pool.submit(() -> run(api.client(), thread, go, calls)));
            }
            go.countDown();
            Map<String, List<String>> want = new TreeMap<>();
            want.put("lbl-http/loc-hello localhost/hello", List.of());
            for (Future<Map<String, List<String>>> f : expected) {
                want.putAll(f.get(5, TimeUnit.MINUTES));
            }
            pool.shutdown();
            assertThat(calls.get()).isGreaterThanOrEqualTo(1000);
            assertThat(Sdk.bindings(api.client())).isEqualTo(want);
            assertThat(api.fileConfig().listener("lbl-http").orElseThrow().rules()).hasSize(1 + THREADS * RULES);
            assertThat(api.data.table.config()).isEqualTo(api.fileConfig());
        }
    }

    /** One client's calls on its own rules; returns the bindings it expects them to end with. */
    private static Map<String, List<String>> run(ClbClient clb, int thread, CountDownLatch go, AtomicInteger calls)
            throws Exception {
        go.await();
        Map<String, List<String>> expect = new TreeMap<>();
        FunctionTarget[] hello = {Sdk.target("hello", "$LATEST", 10L)};
        FunctionTarget[] other = {Sdk.target("other", "$LATEST", 30L)};
        for (int i = 0; i < RULES; i++) {
            String url = "/t" + thread + "/r" + i;
            String loc = clb.CreateRule(Sdk.createRule("lbl-http", "localhost", url)).getLocationIds()[0];
            clb.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", loc, hello));
            calls.addAndGet(2);
            String key = "lbl-http/" + loc + " localhost" + url;
            switch (i % 3) {
                case 0 -> expect.put(key, List.of("default/hello:$LATEST@10"));
                case 1 -> {
                    ModifyFunctionTargetsRequest m = new ModifyFunctionTargetsRequest();
                    m.setLoadBalancerId("lb-test");
                    m.setListenerId("lbl-http");
                    m.setLocationId(loc);
                    m.setFunctionTargets(other);
                    clb.ModifyFunctionTargets(m);
                    calls.incrementAndGet();
                    expect.put(key, List.of("default/other:$LATEST@30"));
                }
                default -> {
                    DeregisterFunctionTargetsRequest d = new DeregisterFunctionTargetsRequest();
                    d.setLoadBalancerId("lb-test");
                    d.setListenerId("lbl-http");
                    d.setLocationId(loc);
                    d.setFunctionTargets(hello);
                    clb.DeregisterFunctionTargets(d);
                    calls.incrementAndGet();
                    expect.put(key, List.of());
                }
            }
            if (i < READS) {
                DescribeTargetsRequest q = new DescribeTargetsRequest();
                q.setLoadBalancerId("lb-test");
                clb.DescribeTargets(q);
                calls.incrementAndGet();
            }
        }
        return expect;
    }
}
