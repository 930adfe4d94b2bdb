package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clbtrigger.matcher.RouteTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: {@code java -cp ... io.github.clbtrigger.api.MeasureGroup RULES GROUP} times a group of GROUP
 * Register (or Deregister) edits at RULES rules, each validated on the state the one before left, then the group's
 * text, one write of it, and the data plane's compile.
 */
final class MeasureGroup {
    private MeasureGroup() {
    }

    public static void main(String[] args) throws Exception {
        int rules = Integer.parseInt(args[0]);
        int group = Integer.parseInt(args[1]);
        StringBuilder cfg = new StringBuilder("{\"LoadBalancerId\":\"lb-test\",\"Listeners\":[");
        for (int l = 0; l * 50 < rules; l++) {
            cfg.append(l == 0 ? "" : ",").append("{\"ListenerId\":\"lbl-").append(l == 0 ? "http" : "l" + l)
                    .append("\",\"Protocol\":\"HTTP\",\"Port\":").append(20000 + l).append(",\"Rules\":[");
            for (int r = 0; r < 50 && l * 50 + r < rules; r++) {
                cfg.append(r == 0 ? "" : ",").append("{\"LocationId\":\"loc-").append(l).append('-').append(r)
                        .append("\",\"Domain\":\"localhost\",\"Url\":\"/r").append(r).append("\"}");
            }
            cfg.append("]}");
        }
        cfg.append("],\"Functions\":[{\"FunctionName\":\"hello\",\"Type\":\"Event\",\"Handler\":\"a.B::c\"}]}");
        Path dir = Files.createTempDirectory("clb-api-group");
        Path file = dir.resolve("clb.json");
        Files.writeString(file, cfg);
        ConfigStore store = ConfigStore.open(file, json -> { });
        for (int round = 0; round < 30; round++) {
            ConfigStore.State s = store.refresh();
            long t0 = System.nanoTime();
            for (int i = 0; i < group; i++) {
                ObjectNode params = Json.object(("{\"LoadBalancerId\":\"lb-test\",\"ListenerId\":\"lbl-http\","
                        + "\"LocationId\":\"loc-0-" + i + "\",\"FunctionTargets\":[{\"Function\":{\"FunctionNamespace\":"
                        + "\"default\",\"FunctionName\":\"hello\",\"FunctionQualifier\":\"$LATEST\"}}]}")
                        .getBytes(StandardCharsets.UTF_8));
                String action = round % 2 == 0 ? "RegisterFunctionTargets" : "DeregisterFunctionTargets";
                Action a = actions().get(action);
                s = ConfigStore.validate(a.change().run(params, s, new Ids()).root(), s);
            }
            long t1 = System.nanoTime();
            byte[] bytes = s.bytes();
            long t2 = System.nanoTime();
            ConfigStore.writeAtomically(dir.resolve("w.json"), bytes);
            long t3 = System.nanoTime();
            RouteTable.compile(s.config(), store.state().table());
            long t4 = System.nanoTime();
            store.commit(s);
            long t5 = System.nanoTime();
            System.out.printf("%d steps %.2f ms (%.2f each), text %.2f, write %.2f, compile %.2f, commit %.2f ms%n",
                    group, (t1 - t0) / 1e6, (t1 - t0) / 1e6 / group, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                    (t4 - t3) / 1e6, (t5 - t4) / 1e6);
        }
    }

    private static java.util.Map<String, Action> actions() {
        java.util.Map<String, Action> m = new java.util.HashMap<>();
        BindingActions.register(m);
        return m;
    }
}
