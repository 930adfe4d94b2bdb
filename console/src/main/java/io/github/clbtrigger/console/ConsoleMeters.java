package io.github.clbtrigger.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's meters, fed from {@link ExchangeRecord}s and a few calls, bound to any number of Micrometer
 * registries ({@link #bindTo}; meters created before a registry is bound appear in it too).
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><th>Name</th><th>Kind</th><th>Tags</th><th>Fed by</th></tr>
 *   <tr><td>{@code clb_requests_total}</td><td>counter</td><td>listener, rule, function, status</td>
 *       <td>{@link #record}; status is the class ({@code 2xx}...) or {@code none}</td></tr>
 *   <tr><td>{@code clb_request_duration_seconds}</td><td>histogram</td><td>listener, rule, function</td>
 *       <td>{@link #record}; buckets {@link #LATENCY_BUCKETS}</td></tr>
 *   <tr><td>{@code clb_function_errors_total}</td><td>counter</td><td>function, kind</td>
 *       <td>{@link #record}, when the record has an {@linkplain ExchangeRecord#error() error}</td></tr>
 *   <tr><td>{@code clb_bootstrap_restarts_total}</td><td>counter</td><td>function</td>
 *       <td>{@link #bootstrapRestarted}</td></tr>
 *   <tr><td>{@code clb_invocations_in_flight}</td><td>gauge</td><td>function</td>
 *       <td>{@link #invocationStarted} / {@link #invocationFinished}</td></tr>
 *   <tr><td>{@code clb_invocations_rejected_total}</td><td>counter</td><td>function, reason</td>
 *       <td>{@link #invocationRejected}</td></tr>
 *   <tr><td>{@code clb_config_reloads_total}</td><td>counter</td><td>result ({@code ok}, {@code failed})</td>
 *       <td>{@link #configReloaded}</td></tr>
 * </table>
 *
 * <p>Tags take listener ids, {@code LocationId}s, function names and error kinds: values from the configuration
 * and the server's own enums, never from request input, so the number of series stays bounded. A request no rule
 * took has rule {@code -}; one that invoked no function has function {@code -}. Thread-safe.
 */
public final class ConsoleMeters implements MeterBinder {

    /** The latency histogram's bucket bounds. */
    public static final List<Duration> LATENCY_BUCKETS = List.of(1L, 2L, 5L, 10L, 25L, 50L, 100L, 250L, 500L,
            1_000L, 2_500L, 5_000L, 10_000L).stream().map(Duration::ofMillis).toList();

    private static final String NONE = "-";

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /**
     * The meters of each series seen, so that counting a request is one map lookup on a key made of the record's
     * own values (no tag lists, no registry lookup, no text made per request).
     */
    private final ConcurrentHashMap<Series, SeriesMeters> series = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ErrorSeries, Counter> errors = new ConcurrentHashMap<>();
    /** The timers by (listener, rule, function) names: series of every status class share one. */
    private final ConcurrentHashMap<List<String>, Timer> latencies = new ConcurrentHashMap<>();

    /** One series' key: listener id or null, rule or null, function or null, status class (status / 100). */
    private record Series(String listener, ExchangeRecord.Rule rule, ExchangeRecord.Function function,
            int statusClass) {}

    private record ErrorSeries(ExchangeRecord.Function function, String kind) {}

    /** The request counter of a series, and the latency timer of its (listener, rule, function). */
    private record SeriesMeters(Counter requests, Timer latency) {}

    /** Meters bound to no registry yet. */
    public ConsoleMeters() {}

    /**
     * Publishes the meters to a registry, those already created included.
     *
     * @param target the registry, e.g. a {@code PrometheusMeterRegistry}
     */
    @Override
    public void bindTo(MeterRegistry target) {
        registry.add(target);
    }

    /**
     * Counts an exchange: its request, its latency and its error, if any.
     *
     * @param exchange the record
     */
    public void record(ExchangeRecord exchange) {
        int status = exchange.status();
        Series key = new Series(exchange.listenerIdOrNull(), exchange.ruleOrNull(), exchange.functionOrNull(),
                status >= 100 && status <= 599 ? status / 100 : 0);
        SeriesMeters m = series.get(key);
        if (m == null) {
            m = series.computeIfAbsent(key, this::register);
        }
        m.requests().increment();
        m.latency().record(exchange.durationNanos(), TimeUnit.NANOSECONDS);
        String kind = exchange.errorOrNull();
        if (kind != null) {
            errors.computeIfAbsent(new ErrorSeries(key.function(), kind), e -> Counter.builder("clb.function.errors")
                    .description("Requests that did not get their function's response, by kind")
                    .tags("function", name(e.function()), "kind", e.kind())
                    .register(registry)).increment();
        }
    }

    private SeriesMeters register(Series s) {
        String listener = s.listener() == null ? NONE : s.listener();
        String rule = s.rule() == null ? NONE : s.rule().locationId();
        String function = name(s.function());
        Timer latency = latencies.computeIfAbsent(List.of(listener, rule, function), t -> Timer
                .builder("clb.request.duration")
                .description("From a request's arrival to its answer")
                .tags("listener", listener, "rule", rule, "function", function)
                .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
                .register(registry));
        Counter requests = Counter.builder("clb.requests")
                .description("Requests, by listener, rule, function and status class")
                .tags("listener", listener, "rule", rule, "function", function,
                        "status", ExchangeFilter.statusClass(s.statusClass() * 100))
                .register(registry);
        return new SeriesMeters(requests, latency);
    }

    private static String name(ExchangeRecord.Function function) {
        return function == null ? NONE : function.toString();
    }

    /**
     * Counts a restart of an HTTP function's bootstrap process.
     *
     * @param function the function
     */
    public void bootstrapRestarted(ExchangeRecord.Function function) {
        Counter.builder("clb.bootstrap.restarts").description("Bootstrap processes restarted")
                .tag("function", function.toString()).register(registry).increment();
    }

    /**
     * Counts an invocation in flight until {@link #invocationFinished} is called for it.
     *
     * @param function the function
     */
    public void invocationStarted(ExchangeRecord.Function function) {
        gauge(function).incrementAndGet();
    }

    /**
     * Ends an invocation counted by {@link #invocationStarted}.
     *
     * @param function the function
     */
    public void invocationFinished(ExchangeRecord.Function function) {
        gauge(function).decrementAndGet();
    }

    /**
     * Sets the invocations of a function in flight now, for a caller that reads the count from live state rather
     * than calling {@link #invocationStarted} and {@link #invocationFinished}.
     *
     * @param function the function
     * @param count    invocations running now
     */
    public void invocationsInFlight(ExchangeRecord.Function function, int count) {
        gauge(function).set(count);
    }

    /**
     * Counts an invocation refused before it started.
     *
     * @param function the function
     * @param reason   why, e.g. {@code THROTTLED} (MaxConcurrency reached)
     */
    public void invocationRejected(ExchangeRecord.Function function, String reason) {
        Counter.builder("clb.invocations.rejected").description("Invocations refused before they started")
                .tags("function", function.toString(), "reason", reason).register(registry).increment();
    }

    /**
     * Counts a configuration reload.
     *
     * @param ok whether the new configuration was taken
     */
    public void configReloaded(boolean ok) {
        Counter.builder("clb.config.reloads").description("Configuration reloads, taken or refused")
                .tag("result", ok ? "ok" : "failed").register(registry).increment();
    }

    private AtomicInteger gauge(ExchangeRecord.Function function) {
        return inFlight.computeIfAbsent(function.toString(), name -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("clb.invocations.in_flight", count, AtomicInteger::get)
                    .description("Invocations running now").tag("function", name).register(registry);
            return count;
        });
    }

}
