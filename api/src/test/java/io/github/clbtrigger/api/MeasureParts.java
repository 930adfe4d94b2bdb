package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clbtrigger.matcher.ConfigValidator;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Not a test: where the time of one change goes, at 10,000 rules. */
final class MeasureParts {
    private MeasureParts() {
    }

    public static void main(String[] args) throws Exception {
        int rules = Integer.parseInt(args[0]);
        StringBuilder cfg = new StringBuilder("{\"LoadBalancerId\":\"lb-test\",\"Listeners\":[");
        for (int l = 0; l * 50 < rules; l++) {
            cfg.append(l == 0 ? "" : ",").append("{\"ListenerId\":\"lbl-").append(l)
                    .append("\",\"Protocol\":\"HTTP\",\"Port\":").append(20000 + l).append(",\"Rules\":[");
            for (int r = 0; r < 50 && l * 50 + r < rules; r++) {
                cfg.append(r == 0 ? "" : ",").append("{\"LocationId\":\"loc-").append(l).append('-').append(r)
                        .append("\",\"Domain\":\"localhost\",\"Url\":\"/r").append(r).append("\"}");
            }
            cfg.append("]}");
        }
        cfg.append("]}");
        byte[] bytes = cfg.toString().getBytes(StandardCharsets.UTF_8);
        Path dir = Files.createTempDirectory("parts");
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            ObjectNode root = Json.object(bytes);
            long t1 = System.nanoTime();
            ObjectNode copy = root.deepCopy();
            long t2 = System.nanoTime();
            byte[] pretty = Json.pretty(copy);
            long t3 = System.nanoTime();
            LoadBalancerConfig c = LoadBalancerConfig.parse(new String(pretty, StandardCharsets.UTF_8));
            long t4 = System.nanoTime();
            ConfigValidator.validate(c, false);
            long t5 = System.nanoTime();
            RouteTable.compile(c);
            long t6 = System.nanoTime();
            ConfigStore.writeAtomically(dir.resolve("c.json"), pretty);
            long t7 = System.nanoTime();
            System.out.printf("tree %.1f copy %.1f pretty %.1f parse %.1f validate %.1f compile %.1f write %.1f ms (%d KB)%n",
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6,
                    (t6 - t5) / 1e6, (t7 - t6) / 1e6, pretty.length / 1024);
        }
    }
}
