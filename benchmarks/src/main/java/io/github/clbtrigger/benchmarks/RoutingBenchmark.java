package io.github.clbtrigger.benchmarks;

import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteResult;
import io.github.clbtrigger.matcher.RouteTable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One lookup: our {@link RouteTable#route} vs Jetty 12 {@link PathMappings#getMatched} vs the first match in a list
 * of {@code java.util.regex} patterns, over {@link Workload} rule sets of 10, 1,000 and 10,000 rules.
 *
 * <p>Each invocation takes the next of 1,024 pre-generated requests spread over the whole rule set (fixed seed), so
 * the branch predictor and caches see a realistic spread rather than one hot key. {@code hit} requests match a rule
 * of the set; {@code miss} requests share their first path segment (or host labels) with one but match none.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoutingBenchmark {

    private static final int REQUESTS = 1024;

    /** The number of rules in the set. */
    @Param({"10", "1000", "10000"})
    public int rules;

    /** The kind of rule, see {@link Workload}. */
    @Param({"EXACT", "PREFIX", "WILDCARD_DOMAIN", "REGEX"})
    public String workload;

    /** {@code hit} or {@code miss}. */
    @Param({"hit", "miss"})
    public String outcome;

    private RouteTable table;
    private PathMappings<Integer> jetty;
    private Pattern[] patterns;
    private boolean byHost;
    private String[] hosts;
    private String[] targets;
    private String[] jettyPaths;
    private int next;

    /** Builds the three structures and checks that they agree on every request. */
    @Setup(Level.Trial)
    public void setUp() {
        Workload w = Workload.valueOf(workload);
        boolean hit = switch (outcome) {
            case "hit" -> true;
            case "miss" -> false;
            default -> throw new IllegalArgumentException("outcome: hit or miss, got " + outcome);
        };
        table = RouteTable.compile(LoadBalancerConfig.parse(w.config(rules)));
        jetty = w.jetty(rules);
        List<Pattern> list = w.patterns(rules);
        patterns = list.toArray(new Pattern[0]);
        byHost = w.byHost();
        String[][] requests = w.requests(rules, hit, REQUESTS);
        hosts = new String[REQUESTS];
        targets = new String[REQUESTS];
        jettyPaths = new String[REQUESTS];
        for (int k = 0; k < REQUESTS; k++) {
            hosts[k] = requests[k][0];
            targets[k] = requests[k][1];
            jettyPaths[k] = requests[k][2];
            RouteResult r = table.route(Workload.LISTENER, hosts[k], targets[k]);
            MatchedResource<Integer> j = jetty.getMatched(jettyPaths[k]);
            int scan = scan(k);
            boolean ok = hit
                    ? r instanceof RouteResult.Matched m && j != null && scan >= 0
                            && m.rule().locationId().equals("loc-" + j.getResource()) && j.getResource() == scan
                    : j == null && scan < 0 && (r instanceof RouteResult.NotFound
                            // nginx: a Host no server_name matches goes to the default (here: first) server
                            || w == Workload.WILDCARD_DOMAIN && r instanceof RouteResult.Matched);
            if (!ok) {
                throw new IllegalStateException(w + " " + outcome + " request " + hosts[k] + targets[k]
                        + ": RouteTable " + r + ", PathMappings " + (j == null ? null : j.getResource())
                        + ", regex scan " + scan);
            }
        }
    }

    private int index() {
        int k = next;
        next = (k + 1) & (REQUESTS - 1);
        return k;
    }

    private int scan(int k) {
        String input = byHost ? hosts[k] : targets[k];
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i].matcher(input).find()) {
                return i;
            }
        }
        return -1;
    }

    /** {@return our route table's answer} */
    @Benchmark
    public RouteResult routeTable() {
        int k = index();
        return table.route(Workload.LISTENER, hosts[k], targets[k]);
    }

    /** {@return Jetty's answer} */
    @Benchmark
    public MatchedResource<Integer> jettyPathMappings() {
        return jetty.getMatched(jettyPaths[index()]);
    }

    /** {@return the index of the first matching pattern, or -1} */
    @Benchmark
    public int regexScan() {
        return scan(index());
    }
}
