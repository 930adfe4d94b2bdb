package io.github.clbtrigger.functions;

import io.github.clbtrigger.codec.ClbErrors;
import io.github.clbtrigger.codec.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a front end and its {@link Functions}, per rule ({@code LocationId}) and per function
 * ({@code namespace/name:qualifier}): requests, errors by kind, and a latency histogram. Live and thread-safe;
 * every read returns an immutable snapshot. Requests no rule matched (passed through or answered 404) count under
 * the rule key {@value #NO_RULE}. Keys come from the configuration, never from request input, so the maps stay
 * bounded. A request is counted when its answer is decided (before its bytes are written), so a client that has its
 * response sees it counted; latency is measured from the request's arrival at the front end to that decision.
 */
public final class TriggerMetrics {

    /** The rule key of requests that matched no rule. */
    public static final String NO_RULE = "-";

    /**
     * Upper bounds (inclusive, milliseconds) of the latency histogram's buckets; the last bucket takes the rest.
     * {@link Counters#latencyHistogram()} has one count per bucket, in this order.
     */
    public static final List<Long> LATENCY_BUCKETS_MS =
            List.of(1L, 2L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1_000L, 2_500L, 5_000L, 10_000L, Long.MAX_VALUE);

    /** Why a request did not get its function's response, with the HTTP status the client got. */
    public enum ErrorKind {
        /** No rule matched and the front end answers 404 (404 mode). */
        NOT_FOUND(404),
        /** The matcher rejected the request target or Host (400). */
        BAD_REQUEST(400),
        /** The request-target was longer than the front end takes (414). */
        URI_TOO_LONG(414),
        /** The request body was over the limit (413). */
        BODY_TOO_LARGE(413),
        /** The client did not send its body within the body timeout (408). */
        BODY_TIMEOUT(408),
        /** The function's MaxConcurrency was reached (429). */
        THROTTLED(429),
        /** The function did not answer within its Timeout (504). */
        TIMEOUT(504),
        /** The function threw, crashed, exited or could not be reached (502). */
        FUNCTION_ERROR(502),
        /** The function's value or HTTP response body was over the response limit (502). */
        RESPONSE_TOO_LARGE(502),
        /** The function's value was not a valid integration response (the codec's 403). */
        INVALID_RESPONSE(403),
        /** The rule has no function bound, or its function is not defined (503). */
        NO_FUNCTION(503),
        /** The client went away before the response was written (no status reached it). */
        CLIENT_ABORTED(0);

        private final int status;

        ErrorKind(int status) {
            this.status = status;
        }

        /**
         * The HTTP status the client gets, 0 when none reached it.
         *
         * @return the status, or 0
         */
        public int status() {
            return status;
        }

        /**
         * CLB's error response for this kind: {@code {"errno":N,"error":"..."}} with the kind's status
         * ({@link #CLIENT_ABORTED}, which has none, gets the function-error one).
         *
         * @return the error response
         */
        public HttpResponse response() {
            return switch (this) {
                case NOT_FOUND -> ClbErrors.NOT_FOUND;
                case BAD_REQUEST -> ClbErrors.BAD_REQUEST;
                case URI_TOO_LONG -> URI_TOO_LONG_BODY;
                case BODY_TOO_LARGE -> ClbErrors.REQUEST_TOO_LARGE;
                case BODY_TIMEOUT -> BODY_TIMEOUT_BODY;
                case THROTTLED -> ClbErrors.TOO_MANY_REQUESTS;
                case TIMEOUT -> ClbErrors.TIMEOUT;
                case INVALID_RESPONSE -> ClbErrors.ANALYSE_FAILED;
                case NO_FUNCTION -> NO_FUNCTION_BODY;
                case FUNCTION_ERROR, RESPONSE_TOO_LARGE, CLIENT_ABORTED -> ClbErrors.FUNCTION_ERROR;
            };
        }
    }

    /**
     * One key's counters.
     *
     * @param requests requests counted, errors included
     * @param errors   errors by kind; kinds that never happened are absent
     * @param latencyHistogram counts per bucket of {@link #LATENCY_BUCKETS_MS}
     */
    public record Counters(long requests, Map<ErrorKind, Long> errors, List<Long> latencyHistogram) {
        /**
         * Copies the map and the list: a snapshot.
         *
         * @param requests         requests counted
         * @param errors           errors by kind
         * @param latencyHistogram counts per bucket
         */
        public Counters {
            errors = Map.copyOf(errors);
            latencyHistogram = List.copyOf(latencyHistogram);
        }

        /**
         * All errors, whatever their kind.
         *
         * @return the sum of {@link #errors()}
         */
        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final HttpResponse URI_TOO_LONG_BODY = ClbErrors.of(414, "Request-URI too large.");
    private static final HttpResponse BODY_TIMEOUT_BODY = ClbErrors.of(408, "Request timeout.");
    private static final HttpResponse NO_FUNCTION_BODY = ClbErrors.of(503, "No function bound.");

    private final Map<String, Stats> rules = new ConcurrentHashMap<>();
    private final Map<String, Stats> functions = new ConcurrentHashMap<>();

    TriggerMetrics() {
    }

    /**
     * Counters per LocationId (and {@link #NO_RULE}), sorted by key.
     *
     * @return counters by LocationId
     */
    public Map<String, Counters> byRule() {
        return snapshot(rules);
    }

    /**
     * Counters per function, {@code namespace/name:qualifier}, sorted by key.
     *
     * @return counters by function
     */
    public Map<String, Counters> byFunction() {
        return snapshot(functions);
    }

    /**
     * One rule's counters.
     *
     * @param locationId a LocationId, or {@link #NO_RULE}
     * @return the counters, empty if none were recorded
     */
    public Optional<Counters> rule(String locationId) {
        return Optional.ofNullable(rules.get(locationId)).map(Stats::counters);
    }

    /**
     * One function's counters, by {@code namespace/name:qualifier}.
     *
     * @param key {@code namespace/name:qualifier}
     * @return the counters, empty if none were recorded
     */
    public Optional<Counters> function(String key) {
        return Optional.ofNullable(functions.get(key)).map(Stats::counters);
    }

    /**
     * Counts one request whose answer is decided: for front ends, which count their own answers (a 404, a 413) as
     * well as their functions' outcomes.
     *
     * @param rule         the matched rule's LocationId, or {@code null} for none ({@link #NO_RULE})
     * @param function     the function's {@code namespace/name:qualifier}, or {@code null} for none
     * @param error        why the client did not get the function's response, or {@code null} when it did
     * @param latencyNanos from the request's arrival to the decision
     */
    public void record(String rule, String function, ErrorKind error, long latencyNanos) {
        rules.computeIfAbsent(rule == null ? NO_RULE : rule, k -> new Stats()).add(error, latencyNanos);
        if (function != null) {
            functions.computeIfAbsent(function, k -> new Stats()).add(error, latencyNanos);
        }
    }

    private static Map<String, Counters> snapshot(Map<String, Stats> map) {
        Map<String, Counters> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.counters()));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static final class Stats {
        private final LongAdder requests = new LongAdder();
        private final LongAdder[] errors = adders(ErrorKind.values().length);
        private final LongAdder[] buckets = adders(LATENCY_BUCKETS_MS.size());

        void add(ErrorKind error, long latencyNanos) {
            requests.increment();
            if (error != null) {
                errors[error.ordinal()].increment();
            }
            long ms = latencyNanos / 1_000_000L;
            for (int i = 0; i < buckets.length; i++) {
                if (ms <= LATENCY_BUCKETS_MS.get(i)) {
                    buckets[i].increment();
                    break;
                }
            }
        }

        Counters counters() {
            Map<ErrorKind, Long> e = new EnumMap<>(ErrorKind.class);
            for (ErrorKind k : ErrorKind.values()) {
                long n = errors[k.ordinal()].sum();
                if (n > 0) {
                    e.put(k, n);
                }
            }
            Long[] h = new Long[buckets.length];
            for (int i = 0; i < h.length; i++) {
                h[i] = buckets[i].sum();
            }
            return new Counters(requests.sum(), e, List.of(h));
        }

        private static LongAdder[] adders(int n) {
            LongAdder[] a = new LongAdder[n];
            for (int i = 0; i < n; i++) {
                a[i] = new LongAdder();
            }
            return a;
        }
    }
}
