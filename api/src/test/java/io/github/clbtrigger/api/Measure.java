package io.github.clbtrigger.api;

import com.tencentcloudapi.clb.v20180317.ClbClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Not a test: {@code java -cp ... io.github.clbtrigger.api.Measure RULES CALLS} times RegisterFunctionTargets from
 * the SDK call to the data plane routing it (the recording data plane compiles the RouteTable as the filter does).
 */
final class Measure {
    private Measure() {
    }

    public static void main(String[] args) throws Exception {
        int rules = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("clb-api-measure");
        StringBuilder cfg = new StringBuilder("{\"LoadBalancerId\":\"lb-test\",\"Listeners\":[");
        int perListener = 50;
        int listeners = (rules + perListener - 1) / perListener;
        for (int l = 0; l < listeners; l++) {
            cfg.append(l == 0 ? "" : ",").append("{\"ListenerId\":\"lbl-").append(l == 0 ? "http" : "l" + l)
                    .append("\",\"Protocol\":\"HTTP\",\"Port\":").append(20000 + l).append(",\"Rules\":[");
            for (int r = 0; r < perListener && l * perListener + r < rules; r++) {
                cfg.append(r == 0 ? "" : ",").append("{\"LocationId\":\"loc-").append(l).append('-').append(r)
                        .append("\",\"Domain\":\"localhost\",\"Url\":\"/r").append(r).append("\"}");
            }
            cfg.append("]}");
        }
        cfg.append("],\"Functions\":[{\"FunctionName\":\"hello\",\"Type\":\"Event\",\"Handler\":\"a.B::c\"}]}");
        try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient(), cfg.toString())) {
            api.data.checkParsed = false;
            ClbClient clb = api.client();
            long[] took = new long[calls];
            for (int i = 0; i < calls; i++) {
                String loc = "loc-0-" + (i % Math.min(rules, perListener));
                long t0 = System.nanoTime();
                if ((i / Math.min(rules, perListener)) % 2 == 0) {
                    clb.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", loc, Sdk.target("hello", "$LATEST", 10L)));
                    if (api.data.route("lbl-http", "localhost", "/r" + (i % Math.min(rules, perListener))).isEmpty()) {
                        throw new AssertionError("not routed");
                    }
                } else {
                    var d = new com.tencentcloudapi.clb.v20180317.models.DeregisterFunctionTargetsRequest();
                    d.setLoadBalancerId("lb-test");
                    d.setListenerId("lbl-http");
                    d.setLocationId(loc);
                    d.setFunctionTargets(new com.tencentcloudapi.clb.v20180317.models.FunctionTarget[] {
                        Sdk.target("hello", "$LATEST", 10L)});
                    clb.DeregisterFunctionTargets(d);
                }
                took[i] = System.nanoTime() - t0;
            }
            Arrays.sort(took);
            long total = Arrays.stream(took).sum();
            System.out.printf("rules=%d calls=%d median=%.2fms p90=%.2fms max=%.2fms throughput=%.0f calls/s%n",
                    rules, calls, took[calls / 2] / 1e6, took[calls * 9 / 10] / 1e6, took[calls - 1] / 1e6,
                    calls / (total / 1e9));
        }
    }
}
