package io.github.clbtrigger.console;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code --access-log clb-json}: one JSON object per exchange, on one line, with the field names of CLB's layer-7
 * access log (its {@code $stgw_request_id [$time_local] ...} format). Fields the emulator cannot know are
 * {@code null}; which are filled and how is in {@code docs/console.md}. Times are in seconds with millisecond
 * precision, as nginx writes them. Every string is JSON-escaped, so hostile input cannot forge a line. Thread-safe.
 */
public final class ClbAccessLog {

    private static final DateTimeFormatter TIME_LOCAL =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final ZoneId zone;

    /**
     * A formatter writing {@code time_local} in a zone.
     *
     * @param zone the zone, e.g. {@link ZoneId#systemDefault()} as nginx uses local time
     */
    public ClbAccessLog(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * The log line of an exchange, without its line break.
     *
     * @param r the exchange
     * @return one line of JSON
     */
    public String format(ExchangeRecord r) {
        Optional<String> function = r.function().map(ExchangeRecord.Function::toString);
        byte[] json = ConsoleJson.write(out -> {
            out.writeStartObject();
            out.writeStringField("stgw_request_id", r.id());
            out.writeStringField("time_local", TIME_LOCAL.format(r.time().atZone(zone)));
            out.writeStringField("protocol_type", r.scheme().toUpperCase(Locale.ROOT));
            text(out, "server_addr", r.serverAddress());
            port(out, "server_port", r.serverPort());
            text(out, "server_name", r.rule().map(ExchangeRecord.Rule::domain).orElse(""));
            text(out, "remote_addr", r.clientAddress());
            port(out, "remote_port", r.clientPort());
            port(out, "status", r.status());
            if (r.rawAnswer().size() > 0 || r.functionDuration().isPresent()) {
                out.writeNumberField("upstream_status", r.status());
            } else {
                out.writeNullField("upstream_status");
            }
            text(out, "proxy_host", function.orElse(""));
            out.writeStringField("request", r.method() + " " + r.target() + " " + r.protocol());
            out.writeNumberField("request_length", requestLength(r));
            out.writeNumberField("bytes_sent", bytesSent(r));
            text(out, "http_host", r.host());
            text(out, "http_user_agent", header(r, "User-Agent"));
            text(out, "http_referer", header(r, "Referer"));
            out.writeNumberField("request_time", seconds(r.duration()));
            if (r.functionDuration().isPresent()) {
                out.writeNumberField("upstream_response_time", seconds(r.functionDuration().get()));
            } else {
                out.writeNullField("upstream_response_time");
            }
            for (String unknown : UNKNOWN) {
                out.writeNullField(unknown);
            }
            out.writeEndObject();
        });
        return new String(json, StandardCharsets.UTF_8);
    }

    /** CLB fields about the connection, TLS and the upstream's connection, which an exchange record does not hold. */
    private static final String[] UNKNOWN = {"upstream_connect_time", "upstream_header_time", "tcpinfo_rtt",
        "connection", "connection_requests", "ssl_handshake_time", "ssl_cipher", "ssl_protocol",
        "ssl_session_reused"};

    private static void text(JsonGenerator out, String name, String value) throws IOException {
        if (value.isEmpty()) {
            out.writeNullField(name);
        } else {
            out.writeStringField(name, value);
        }
    }

    private static void port(JsonGenerator out, String name, int value) throws IOException {
        if (value == 0) {
            out.writeNullField(name);
        } else {
            out.writeNumberField(name, value);
        }
    }

    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3);
    }

    private static String header(ExchangeRecord r, String name) {
        for (ExchangeRecord.Header h : r.requestHeaders()) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return "";
    }

    /** Request line, header lines and body, as nginx counts {@code $request_length}. */
    private static long requestLength(ExchangeRecord r) {
        long length = r.method().length() + 1 + r.target().length() + 1 + r.protocol().length() + 2;
        for (ExchangeRecord.Header h : r.requestHeaders()) {
            length += h.name().length() + 2 + h.value().length() + 2;
        }
        return length + 2 + r.requestBody().size();
    }

    /** Status line, header lines and body of the recorded response, as nginx counts {@code $bytes_sent}. */
    private static long bytesSent(ExchangeRecord r) {
        if (r.status() == 0) {
            return 0;
        }
        long length = "HTTP/1.1 200 \r\n".length();
        for (ExchangeRecord.Header h : r.responseHeaders()) {
            length += h.name().length() + 2 + h.value().length() + 2;
        }
        return length + 2 + r.responseBody().size();
    }
}
