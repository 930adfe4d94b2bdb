package io.github.clbtrigger.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The console's JSON views: exchange summaries (the list), an exchange in full, the route table, readiness. Field
 * names are documented in {@code docs/console.md}; the page reads nothing else.
 */
final class ConsoleJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ConsoleJson() {}

    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] exchanges(long last, List<Inspector.Entry> entries) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("last", last);
            json.writeArrayFieldStart("exchanges");
            for (Inspector.Entry entry : entries) {
                json.writeStartObject();
                summary(json, entry);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static byte[] exchange(Inspector.Entry entry) {
        ExchangeRecord r = entry.exchange();
        return write(json -> {
            json.writeStartObject();
            summary(json, entry);
            json.writeStringField("explanation", r.explanation());
            json.writeObjectFieldStart("request");
            headers(json, r.requestHeaders(), r.requestHeadersTruncated());
            body(json, "body", r.requestBody());
            json.writeEndObject();
            body(json, "event", r.event());
            body(json, "rawAnswer", r.rawAnswer());
            json.writeObjectFieldStart("response");
            json.writeNumberField("status", r.status());
            headers(json, r.responseHeaders(), r.responseHeadersTruncated());
            body(json, "body", r.responseBody());
            json.writeEndObject();
            Curl curl = Curl.of(r);
            json.writeStringField("curl", curl.command());
            json.writeBooleanField("curlComplete", curl.complete());
            json.writeEndObject();
        });
    }

    private static void summary(JsonGenerator json, Inspector.Entry entry) throws IOException {
        ExchangeRecord r = entry.exchange();
        json.writeNumberField("seq", entry.sequence());
        json.writeStringField("id", r.id());
        json.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(r.time()));
        json.writeStringField("client", r.clientAddress());
        json.writeNumberField("clientPort", r.clientPort());
        json.writeStringField("listener", r.listenerId());
        json.writeStringField("host", r.host());
        json.writeStringField("method", r.method());
        json.writeStringField("target", r.target());
        if (r.rule().isPresent()) {
            ExchangeRecord.Rule rule = r.rule().get();
            json.writeObjectFieldStart("rule");
            json.writeStringField("locationId", rule.locationId());
            json.writeStringField("domain", rule.domain());
            json.writeStringField("url", rule.url());
            json.writeEndObject();
        } else {
            json.writeNullField("rule");
        }
        if (r.function().isPresent()) {
            json.writeStringField("function", r.function().get().toString());
        } else {
            json.writeNullField("function");
        }
        json.writeStringField("version", r.functionVersion());
        json.writeNumberField("status", r.status());
        json.writeNumberField("durationMs", r.duration().toNanos() / 1_000_000.0);
        if (r.functionDuration().isPresent()) {
            json.writeNumberField("functionMs", r.functionDuration().get().toNanos() / 1_000_000.0);
        }
        json.writeStringField("error", r.error().orElse(null));
        if (r.verdict().isEmpty()) {
            json.writeNullField("verdict");
        } else if (r.verdict().get() instanceof ExchangeRecord.Verdict.Refused refused) {
            json.writeObjectFieldStart("verdict");
            json.writeStringField("outcome", "refused");
            json.writeStringField("reason", refused.reason());
            json.writeStringField("path", refused.path());
            json.writeEndObject();
        } else {
            json.writeObjectFieldStart("verdict");
            json.writeStringField("outcome", "accepted");
            json.writeEndObject();
        }
    }

    private static void headers(JsonGenerator json, List<ExchangeRecord.Header> headers, boolean truncated)
            throws IOException {
        json.writeArrayFieldStart("headers");
        for (ExchangeRecord.Header header : headers) {
            json.writeStartArray();
            json.writeString(header.name());
            json.writeString(header.value());
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeBooleanField("headersTruncated", truncated);
    }

    private static void body(JsonGenerator json, String name, Body body) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeNumberField("size", body.size());
        json.writeNumberField("kept", body.keptBytes());
        json.writeBooleanField("truncated", body.truncated());
        json.writeBooleanField("binary", body.binary());
        if (body.binary()) {
            json.writeStringField("hex", body.hexHead());
        } else {
            json.writeStringField("text", body.text());
        }
        json.writeEndObject();
    }

    static byte[] routes(RouteTableView view) {
        return write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("routes");
            for (RouteTableView.Route route : view.routes()) {
                json.writeStartObject();
                json.writeStringField("listener", route.listenerId());
                json.writeStringField("protocol", route.protocol());
                json.writeNumberField("port", route.port());
                json.writeStringField("domain", route.domain());
                json.writeStringField("url", route.url());
                json.writeStringField("locationId", route.locationId());
                json.writeArrayFieldStart("targets");
                for (RouteTableView.Target target : route.targets()) {
                    json.writeStartObject();
                    json.writeStringField("function", target.function().toString());
                    json.writeNumberField("weight", target.weight());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static byte[] readiness(Readiness.Report report) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("status", report.ready() ? "ready" : "not ready");
            json.writeArrayFieldStart("reasons");
            for (String reason : report.reasons()) {
                json.writeString(reason);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static byte[] error(String code, String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("error", code);
            json.writeStringField("message", message);
            json.writeEndObject();
        });
    }
}
