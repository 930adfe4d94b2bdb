package io.github.clbtrigger.console;

import io.github.clbtrigger.codec.DecodeResult;
import io.github.clbtrigger.functions.FunctionContext;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import io.github.clbtrigger.matcher.RouteResult;
import io.github.clbtrigger.servlet.ClbTriggerFilter;
import io.github.clbtrigger.servlet.RequestRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds the console from a {@link ClbTriggerFilter} ({@code filter.observe(observer)}): each request the filter
 * answers becomes an {@link ExchangeRecord}, added to the {@link Inspector}, counted in the {@link ConsoleMeters},
 * and written as a {@link ClbAccessLog} line, each when configured. Thread-safe.
 *
 * <p>It runs on the request's thread, so a record is captured by reference where that is safe and bounded: the
 * arrays the filter made for the request (its body, the event, the function's answer), the event's text given to an
 * in-process function, and the immutable response
 * are kept as they are when within the body limit, and only their first {@code bodyLimit} bytes are copied when
 * larger; the container's request object is never kept: its scalars are read and its headers copied once, up to
 * the limit. Strings, JSON and hex are made when a view asks for the exchange. With neither inspector nor access
 * log, only what the meters count is read.
 */
public final class ConsoleObserver implements Consumer<RequestRecord> {

    private final Inspector inspector;        // null: none
    private final ConsoleMeters meters;       // null: none
    private final ClbAccessLog accessLog;     // null: none
    private final Consumer<String> accessOut;
    private final int bodyLimit;

    private ConsoleObserver(Builder b) {
        this.inspector = b.inspector;
        this.meters = b.meters;
        this.accessLog = b.accessLog;
        this.accessOut = b.accessOut;
        this.bodyLimit = b.bodyLimit;
    }

    /** {@return a builder: no inspector, no meters, no access log, bodies kept up to 64 KiB} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records one answered request. Called by the filter on the request's thread, once its answer is written.
     *
     * @param r the filter's record, valid only during this call
     */
    @Override
    public void accept(RequestRecord r) {
        boolean full = inspector != null || accessLog != null;
        ExchangeRecord exchange = exchange(r, full ? bodyLimit : 0, full);
        if (meters != null) {
            meters.record(exchange);
            if (r.error().orElse(null) == ErrorKind.THROTTLED && exchange.functionOrNull() != null) {
                meters.invocationRejected(exchange.functionOrNull(), ErrorKind.THROTTLED.name());
            }
        }
        if (inspector != null) {
            inspector.add(exchange);
        }
        if (accessLog != null) {
            accessOut.accept(accessLog.format(exchange));
        }
    }

    /**
     * The console's record of a request, bounded by {@code bodyLimit}; with its bodies, headers and the route
     * table's reasoning only when {@code full} (the meters need none of them).
     */
    static ExchangeRecord exchange(RequestRecord r, int bodyLimit, boolean full) {
        HttpServletRequest req = r.request();
        InvocationRecord invocation = r.invocation().orElse(null);
        ExchangeRecordBuilder b = ExchangeRecord.builder(bodyLimit)
                .id(invocation == null ? "" : invocation.requestId()).time(r.receivedAt())
                .client(String.valueOf(req.getRemoteAddr()), Math.max(0, req.getRemotePort()))
                .server(String.valueOf(req.getLocalAddr()), Math.max(0, req.getLocalPort()))
                .scheme(req.getScheme()).protocol(String.valueOf(req.getProtocol()))
                .listenerId(r.listenerId().orElse("")).host(r.host().orElse("")).method(req.getMethod())
                .target(r.target()).status(r.status()).duration(r.duration());
        r.match().ifPresent((RouteResult.Matched m) -> b.rule(new ExchangeRecord.Rule(m.rule().locationId(),
                m.domain(), m.rule().url())));
        r.error().ifPresent(kind -> b.error(kind.name()));
        if (invocation != null) {
            FunctionContext fn = invocation.function();
            b.function(new ExchangeRecord.Function(fn.namespace(), fn.functionName(), fn.qualifier()),
                    fn.qualifier());
            b.functionDuration(invocation.functionTime());
        } else {
            r.function().flatMap(ExchangeRecord.Function::parse).ifPresent(f -> b.function(f, f.qualifier()));
        }
        if (!full) {
            return b.build();
        }
        b.explanation(r.explainer());
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements(); ) {
                b.requestHeader(name, values.nextElement());
            }
        }
        b.ownedRequestBody(r.body());
        if (invocation != null) {
            Optional<String> text = invocation.eventText();
            if (text.isPresent()) {
                b.ownedEvent(text.get());
            } else {
                invocation.event().ifPresent(b::ownedEvent);
            }
            invocation.value().ifPresent(b::ownedRawAnswer);
            invocation.verdict().ifPresent(v -> {
                if (v instanceof DecodeResult.Invalid invalid) {
                    b.refused(invalid.detail(), invalid.path());
                } else {
                    b.accepted();
                }
            });
        }
        r.redirect().ifPresent(location -> b.responseHeader("Location", location));
        r.response().ifPresent(b::response);
        return b.build();
    }

    /** Builds a {@link ConsoleObserver}. Not thread-safe. */
    public static final class Builder {
        private Inspector inspector;
        private ConsoleMeters meters;
        private ClbAccessLog accessLog;
        private Consumer<String> accessOut;
        private int bodyLimit = Body.DEFAULT_LIMIT;

        private Builder() {}

        /**
         * @param value the ring the exchanges go to
         * @return this builder
         */
        public Builder inspector(Inspector value) { inspector = Objects.requireNonNull(value); return this; }

        /**
         * @param value the meters that count each exchange
         * @return this builder
         */
        public Builder meters(ConsoleMeters value) { meters = Objects.requireNonNull(value); return this; }

        /**
         * Writes a line per exchange.
         *
         * @param format the access log's format
         * @param lines  takes each line (called on request threads at once: it must be thread-safe)
         * @return this builder
         */
        public Builder accessLog(ClbAccessLog format, Consumer<String> lines) {
            accessLog = Objects.requireNonNull(format);
            accessOut = Objects.requireNonNull(lines);
            return this;
        }

        /**
         * @param bytes the most bytes kept of each body, and of each header list (0 to 16 MiB)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder bodyLimit(int bytes) {
            if (bytes < 0 || bytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("body limit must be 0 to 16777216 bytes, was " + bytes);
            }
            bodyLimit = bytes;
            return this;
        }

        /** {@return the observer} */
        public ConsoleObserver build() {
            return new ConsoleObserver(this);
        }
    }
}
