package io.github.clbtrigger.benchmarks;

import io.github.clbtrigger.codec.DecodeResult;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.console.ConsoleMeters;
import io.github.clbtrigger.console.ExchangeRecord;
import io.github.clbtrigger.console.Inspector;
import io.github.clbtrigger.functions.FunctionContext;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.servlet.RequestRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.function.Consumer;

/**
 * Scenario {@code echo-inspector}: what {@code clb serve}'s console does per request with the inspector on (the cli's
 * {@code ConsoleSetup}, which benchmarks may not import): copy the request, the rule and its explanation, the event,
 * the raw answer and the response into an {@link ExchangeRecord} (64 KiB per body), add it to a 200-entry
 * {@link Inspector}, and count it in {@link ConsoleMeters} bound to a Prometheus registry.
 */
final class InspectorObserver implements Consumer<RequestRecord> {

    private final Inspector inspector = new Inspector(Inspector.DEFAULT_CAPACITY);
    private final ConsoleMeters meters = new ConsoleMeters();

    InspectorObserver() {
        meters.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @Override
    public void accept(RequestRecord r) {
        HttpServletRequest req = r.request();
        ExchangeRecord.Builder b = ExchangeRecord.builder(64 * 1024).id(r.requestId().orElse(""))
                .time(r.receivedAt()).client(String.valueOf(req.getRemoteAddr()), req.getRemotePort())
                .server(String.valueOf(req.getLocalAddr()), req.getLocalPort()).scheme(req.getScheme())
                .protocol(req.getProtocol()).listenerId(r.listenerId().orElse("")).host(r.host().orElse(""))
                .method(req.getMethod()).target(r.target()).status(r.status()).duration(r.duration())
                .explanation(r.explainer());
        r.match().ifPresent(m -> b.rule(new ExchangeRecord.Rule(m.rule().locationId(), m.domain(), m.rule().url())));
        r.error().ifPresent(kind -> b.error(kind.name()));
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements(); ) {
                b.requestHeader(name, values.nextElement());
            }
        }
        b.requestBody(r.body());
        InvocationRecord invocation = r.invocation().orElse(null);
        if (invocation != null) {
            FunctionContext fn = invocation.function();
            b.function(new ExchangeRecord.Function(fn.namespace(), fn.functionName(), fn.qualifier()), fn.qualifier());
            b.functionDuration(invocation.functionTime());
            invocation.event().ifPresent(b::event);
            invocation.value().ifPresent(b::rawAnswer);
            invocation.verdict().ifPresent(v -> {
                if (v instanceof DecodeResult.Invalid invalid) {
                    b.refused(invalid.detail(), invalid.path());
                } else {
                    b.accepted();
                }
            });
        }
        r.response().ifPresent(response -> {
            for (Header h : response.headers()) {
                b.responseHeader(h.name(), h.value());
            }
            b.responseBody(response.body());
        });
        ExchangeRecord exchange = b.build();
        meters.record(exchange);
        inspector.add(exchange);
    }
}
