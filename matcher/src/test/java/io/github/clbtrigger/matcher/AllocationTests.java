package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index lookups (domain tiers, the location index) allocate nothing: measured with the JVM's per-thread
 * allocation counter over many exact, prefix, trailing-slash and wildcard lookups after warm-up; and routing a plain
 * request that no rule matches (404), or one that is exactly a configured Host and {@code =} path (its answer is built
 * with the table), allocates nothing at all.
 */
class AllocationTests {
    @Test
    void exactPrefixAndWildcardLookupsAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<RuleConfig> rules = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rules.add(Curated.rule("p" + i, "h" + (i % 50) + ".example.com", "/api/v" + i + "/", false));
            rules.add(Curated.rule("e" + i, "h" + (i % 50) + ".example.com", "= /exact/" + i, false));
        }
        rules.add(Curated.rule("w", "*.example.com", "/", false));
        rules.add(Curated.rule("t", "www.example.*", "/", false));
        ListenerRoutes lr = new ListenerRoutes(new ListenerConfig("l", Protocol.HTTP, 80, rules));
        String[] hosts = {"h7.example.com", "x.y.example.com", "www.example.org", "h49.example.com"};
        String[] paths = {"/api/v7/users", "/exact/12", "/api/v12", "/anything", "/api/v999/"};
        long sink = 0;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                Server s = lr.match(hosts[i & 3]);
                CompiledRule r = s.find(paths[i % 5]);
                sink += r == null ? 0 : r.order();
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(sink).isPositive();
        assertThat(best).as("bytes allocated by 200,000 lookups").isZero();
    }

    @Test
    void routingAPlainRequestToA404AllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<RuleConfig> rules = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rules.add(Curated.rule("p" + i, "h" + (i % 50) + ".example.com", "/api/v" + i + "/", false));
            rules.add(Curated.rule("e" + i, "h" + (i % 50) + ".example.com", "= /exact/" + i, false));
        }
        RouteTable table = RouteTable.compile(new LoadBalancerConfig("lb",
                List.of(new ListenerConfig("l", Protocol.HTTP, 80, rules))));
        String[] hosts = {"h7.example.com", "h8.example.com:8080", "other.example.org", "h49.example.com"};
        String[] targets = {"/nothing", "/exact/12345", "/api/x?q=1", "/ap"};
        for (int k = 0; k < 4; k++) {
            assertThat(table.route("l", hosts[k], targets[k])).isInstanceOf(RouteResult.NotFound.class);
        }
        long best = Long.MAX_VALUE;
        int sink = 0;
        for (int round = 0; round < 5; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                sink += table.route("l", hosts[i & 3], targets[(i >> 2) & 3]).hashCode() & 1;
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(sink).isNotNegative();
        assertThat(best).as("bytes allocated by 200,000 routes to 404").isZero();
    }

    @Test
    void routingAPlainExactHitAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<RuleConfig> rules = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rules.add(Curated.rule("e" + i, "h" + (i % 50) + ".example.com", "= /exact/" + i, false));
        }
        RouteTable table = RouteTable.compile(new LoadBalancerConfig("lb",
                List.of(new ListenerConfig("l", Protocol.HTTP, 80, rules))));
        String[] hosts = {"h7.example.com", "h8.example.com", "h49.example.com", "h0.example.com"};
        String[] targets = {"/exact/7", "/exact/58", "/exact/999", "/exact/0"};
        for (int k = 0; k < 4; k++) {
            assertThat(table.route("l", hosts[k], targets[k])).isInstanceOf(RouteResult.Matched.class);
        }
        long best = Long.MAX_VALUE;
        int sink = 0;
        for (int round = 0; round < 5; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                int k = i & 3;
                sink += table.route("l", hosts[k], targets[k]) instanceof RouteResult.Matched ? 1 : 0;
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(sink).isEqualTo(5 * 200_000);
        assertThat(best).as("bytes allocated by 200,000 exact hits").isZero();
    }
}
