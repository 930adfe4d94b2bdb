package io.github.clbtrigger.matcher;

import io.github.clbtrigger.benchmarks.Workload;
import java.util.concurrent.TimeUnit;
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
 * Where a prefix hit's time goes: {@link RouteTable#route} on {@code RoutingBenchmark}'s PREFIX hits, and each of
 * the four steps it takes for them timed on its own, over the same 1,024 requests. The steps are package-private,
 * hence this package (the benchmarks jar holds the matcher's classes too, so one class loader sees both).
 *
 * <ol>
 *   <li>{@link #scan}: the validating pass over the request-target ({@code RequestTarget.plain});</li>
 *   <li>{@link #hostProbe}: the Host looked up among the exact domains ({@code ListenerRoutes.plainExactHost});</li>
 *   <li>{@link #find}: the URL rule search ({@code Server.find}: the prefix's hash, a probe, the key compared);</li>
 *   <li>{@link #answer}: the result handed back ({@code new RouteResult.Matched}).</li>
 * </ol>
 * {@link #route} also finds the listener and checks for a trailing-slash redirect, which these leave out. Each
 * benchmark pays the harness's own cost per call once (the next request, JMH's consumption of the result):
 * {@link #baseline} is that cost alone, so the four steps add up to {@code route} plus three baselines.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RoutePartsBenchmark {

    private static final int REQUESTS = 1024;

    /** The number of PREFIX rules in the set. */
    @Param({"10", "10000"})
    public int rules;

    private RouteTable table;
    private ListenerRoutes routes;
    private Server server;
    private String host;
    private String[] targets;
    /** The rule {@link #find} returns for each target, for {@link #answer}. */
    private CompiledRule[] found;
    private int next;

    /** Builds the table and checks that every request is a prefix hit whose steps agree with {@code route}. */
    @Setup(Level.Trial)
    public void setUp() {
        LoadBalancerConfig config = LoadBalancerConfig.parse(Workload.PREFIX.config(rules));
        table = RouteTable.compile(config);
        routes = new ListenerRoutes(config.listener(Workload.LISTENER).orElseThrow());
        host = Workload.HOST;
        server = routes.plainExactHost(host);
        String[][] requests = Workload.PREFIX.requests(rules, true, REQUESTS);
        targets = new String[REQUESTS];
        found = new CompiledRule[REQUESTS];
        for (int k = 0; k < REQUESTS; k++) {
            String target = requests[k][1];
            targets[k] = target;
            found[k] = server == null || RequestTarget.plain(target) != target.length() ? null
                    : server.find(target, target.length());
            RouteResult r = table.route(Workload.LISTENER, host, target);
            if (found[k] == null || !(r instanceof RouteResult.Matched m)
                    || !m.rule().equals(found[k].config()) || !m.uri().equals(target)) {
                throw new IllegalStateException("not a plain prefix hit, or the steps disagree with route: "
                        + target + " -> " + r);
            }
        }
    }

    private int index() {
        int k = next;
        next = (k + 1) & (REQUESTS - 1);
        return k;
    }

    /** {@return the next request: the harness's own cost per call} */
    @Benchmark
    public String baseline() {
        return targets[index()];
    }

    /** {@return the whole lookup} */
    @Benchmark
    public RouteResult route() {
        return table.route(Workload.LISTENER, host, targets[index()]);
    }

    /** {@return step 1: where the path ends, after the validating pass} */
    @Benchmark
    public int scan() {
        return RequestTarget.plain(targets[index()]);
    }

    /** {@return step 2: the Host's server} */
    @Benchmark
    public Server hostProbe() {
        index();
        return routes.plainExactHost(host);
    }

    /** {@return step 3: the rule for the path} */
    @Benchmark
    public CompiledRule find() {
        String target = targets[index()];
        return server.find(target, target.length());
    }

    /** {@return step 4: the answer for the rule found} */
    @Benchmark
    public RouteResult answer() {
        int k = index();
        return new RouteResult.Matched(routes.listener(), found[k].config(), server.domain().text(), targets[k], "");
    }
}
