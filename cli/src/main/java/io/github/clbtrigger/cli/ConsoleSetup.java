package io.github.clbtrigger.cli;

import io.github.clbtrigger.console.ClbAccessLog;
import io.github.clbtrigger.console.Console;
import io.github.clbtrigger.console.ConsoleHandler;
import io.github.clbtrigger.console.ConsoleMeters;
import io.github.clbtrigger.console.ConsoleObserver;
import io.github.clbtrigger.console.ExchangeRecord;
import io.github.clbtrigger.console.Inspector;
import io.github.clbtrigger.console.Readiness;
import io.github.clbtrigger.console.RouteTableView;
import io.github.clbtrigger.functions.FunctionStatus;
import io.github.clbtrigger.functions.Snapshot;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.servlet.ConfigChanges;
import io.github.clbtrigger.servlet.RequestRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;

/**
 * The local console of {@code clb serve} ({@code docs/console.md}), put together: the {@link ConsoleHandler} for the
 * management port, the {@link Inspector} ring, the Prometheus registry and {@link ConsoleMeters}, the CLB-JSON access
 * log, and the {@link ConsoleObserver} that turns each {@link RequestRecord} of the trigger filter into an exchange.
 *
 * <p>Made before the server starts ({@link #handler()} goes to {@code ClbServer.Builder.managementHandler}), then
 * {@link #attach attached} to the running server: until then {@code /_clb/ready} answers 503 ("starting").
 */
final class ConsoleSetup implements Consumer<RequestRecord> {

    /**
     * The console's options ({@code clb serve --no-inspector --inspector-size N --inspector-body-limit BYTES
     * --access-log clb-json}, and the API's credentials).
     *
     * @param inspector      whether the inspector keeps exchanges (off: none kept, the page answers 404)
     * @param inspectorSize  how many exchanges it keeps
     * @param bodyLimit      bytes kept of each body
     * @param clbJsonLog     whether to write CLB-JSON access log lines
     * @param secretId       the API's SecretId, or {@code null} when it has no credentials
     * @param secretKey      its SecretKey, or {@code null}
     */
    record Options(boolean inspector, int inspectorSize, int bodyLimit, boolean clbJsonLog, String secretId,
            String secretKey) {
        Options {
            if (inspectorSize < 1 || inspectorSize > 100_000) {
                throw new IllegalArgumentException("--inspector-size must be 1 to 100000, was " + inspectorSize);
            }
            if (bodyLimit < 0 || bodyLimit > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("--inspector-body-limit must be 0 to 16777216 bytes, was "
                        + bodyLimit);
            }
        }

        /** The defaults: inspector on, 200 exchanges, 64 KiB per body, no CLB-JSON log, no credentials. */
        static Options defaults() {
            return new Options(true, Inspector.DEFAULT_CAPACITY, 64 * 1024, false, null, null);
        }
    }

    private final Options options;
    private final Inspector inspector;                      // null: --no-inspector
    private final ConsoleMeters meters = new ConsoleMeters();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ClbAccessLog accessLog;                   // null: not asked for
    private final PrintWriter accessOut;
    private final ConsoleHandler handler;
    private final ConsoleObserver observer;
    private final Map<String, Integer> launchesSeen = new HashMap<>();   // guarded by itself
    private ConfigChanges changesSeen = new ConfigChanges(0, 0);         // guarded by launchesSeen
    private volatile ClbServer server;
    private volatile Routes routes = new Routes(null, RouteTableView.empty());

    /** The route table view of one snapshot, rebuilt when the snapshot is replaced. */
    private record Routes(Snapshot snapshot, RouteTableView view) {}

    ConsoleSetup(Options options, PrintWriter accessOut) {
        this.options = options;
        this.inspector = options.inspector() ? new Inspector(options.inspectorSize()) : null;
        this.accessLog = options.clbJsonLog() ? new ClbAccessLog(ZoneId.systemDefault()) : null;
        this.accessOut = accessOut;
        meters.bindTo(registry);
        ConsoleObserver.Builder feed = ConsoleObserver.builder().meters(meters).bodyLimit(options.bodyLimit());
        if (inspector != null) {
            feed.inspector(inspector);
        }
        if (accessLog != null) {
            feed.accessLog(accessLog, line -> {
                synchronized (accessOut) {
                    accessOut.println(line);
                    accessOut.flush();
                }
            });
        }
        this.observer = feed.build();
        Console.Builder b = Console.builder().routes(this::routes).readiness(this::readiness)
                .metrics(registry).beforeScrape(this::sample);
        if (inspector != null) {
            b.inspector(inspector);
        }
        if (options.secretId() != null && options.secretKey() != null) {
            b.credentials(options.secretId(), options.secretKey());
        }
        this.handler = new ConsoleHandler(b.build());
    }

    /** {@return the handler to serve under {@code /_clb/} on the management port} */
    Handler handler() {
        return handler;
    }

    /** {@return the inspector, or empty with {@code --no-inspector}} */
    Optional<Inspector> inspector() {
        return Optional.ofNullable(inspector);
    }

    /** Starts watching a running server: its requests, routes, listeners and functions. */
    void attach(ClbServer running) {
        this.server = running;
        running.filter().observe(this);
    }

    // ---- readiness, routes, gauges -----------------------------------------------------------------------------

    private Readiness.Report readiness() {
        ClbServer s = server;
        if (s == null) {
            return new Readiness.Report(List.of("starting"));
        }
        List<String> reasons = new ArrayList<>();
        Snapshot snapshot = s.filter().snapshot();
        Map<String, Integer> bound = s.boundPorts();
        for (ListenerConfig l : snapshot.routes().config().listeners()) {
            if (l.protocol().isLayer7() && !bound.containsKey(l.listenerId())) {
                reasons.add("listener " + l.listenerId() + ": not bound");
            }
        }
        reasons.addAll(RouteTableView.functionsNotReady(snapshot));
        return new Readiness.Report(reasons);
    }

    private RouteTableView routes() {
        ClbServer s = server;
        if (s == null) {
            return RouteTableView.empty();
        }
        Snapshot now = s.filter().snapshot();
        Routes cached = routes;
        if (cached.snapshot() != now) {
            cached = new Routes(now, RouteTableView.of(now));
            routes = cached;
        }
        return cached.view();
    }

    /**
     * Brings the meters read from live state up to date before a scrape: invocations in flight, bootstrap restarts,
     * configuration changes applied and refused.
     */
    private void sample() {
        ClbServer s = server;
        if (s == null) {
            return;
        }
        ConfigChanges changes = s.filter().configChanges();
        synchronized (launchesSeen) {
            for (long i = changesSeen.applied(); i < changes.applied(); i++) {
                meters.configReloaded(true);
            }
            for (long i = changesSeen.refused(); i < changes.refused(); i++) {
                meters.configReloaded(false);
            }
            changesSeen = changes;
        }
        for (FunctionStatus f : s.filter().snapshot().status()) {
            ExchangeRecord.Function fn = new ExchangeRecord.Function(f.namespace(), f.name(), f.qualifier());
            meters.invocationsInFlight(fn, f.inFlight());
            if (f.bootstrap()) {
                int before;
                synchronized (launchesSeen) {
                    before = launchesSeen.getOrDefault(f.displayName(), 0);
                    // a function rebuilt by a reload starts counting again: its first launch is no restart
                    launchesSeen.put(f.displayName(), f.launches());
                }
                for (int i = Math.max(1, before); i < f.launches(); i++) {
                    meters.bootstrapRestarted(fn);
                }
            }
        }
    }

    // ---- each answered request ---------------------------------------------------------------------------------

    @Override
    public void accept(RequestRecord r) {
        observer.accept(r);
    }
}
