package io.github.clbtrigger.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clbtrigger.codec.DecodeResult;
import io.github.clbtrigger.codec.EventEncoder;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.codec.InboundRequest;
import io.github.clbtrigger.codec.ResponseDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A typical event and a typical response: our {@link EventEncoder} and {@link ResponseDecoder} against what an
 * {@code aws-lambda-java-events} user writes with Jackson databind — a POJO (or a {@code Map}) for the event and
 * the integration response, {@code readTree} to embed a JSON body, {@code writeValueAsBytes}/{@code readValue}.
 *
 * <p>The event: ten header lines and a 1 KiB {@code application/json} body (so both sides parse and embed it as a
 * JSON value), plus the six headers CLB adds. The response: three headers and a JSON body of ~100 bytes
 * ({@code typical}) or 1 KiB ({@code 1KiB}), as an escaped string. Both sides end with the same {@link HttpResponse}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventEncoder encoder = EventEncoder.builder().build();
    private final ResponseDecoder decoder = ResponseDecoder.builder().build();
    private final InboundRequest request = Samples.request("application/json", 1024);
    private final byte[] body = Samples.json(1024);

    /** The response benchmarks' input. */
    @State(Scope.Benchmark)
    public static class Response {
        /** {@code typical} (~100-byte body) or {@code 1KiB}. */
        @Param({"typical", "1KiB"})
        public String response;

        byte[] value;

        /** Builds the function value. */
        @Setup(Level.Trial)
        public void setUp() {
            value = Samples.textResponse(switch (response) {
                case "typical" -> Samples.TYPICAL_RESPONSE_BODY.getBytes(StandardCharsets.UTF_8);
                case "1KiB" -> Samples.json(1024);
                default -> throw new IllegalArgumentException("response: typical or 1KiB, got " + response);
            });
        }
    }

    /** The CLB event as a POJO, the way Lambda users model {@code ApplicationLoadBalancerRequestEvent}. */
    public static final class ClbEvent {
        /** Header name to value, repeated names joined. */
        public Map<String, String> headers;
        /** The body: an embedded JSON value, or a string. */
        public JsonNode payload;
        /** Whether payload is Base64 text. */
        public boolean isBase64Encoded;
    }

    /** The integration response as a POJO. */
    public static final class IntegrationResponse {
        /** The status. */
        public int statusCode;
        /** Header name to value. */
        public Map<String, String> headers;
        /** The body. */
        public String body;
        /** Whether body is Base64. */
        @JsonProperty("isBase64Encoded")
        public boolean base64Encoded;
    }

    /** Checks that both sides produce the same response. */
    @Setup(Level.Trial)
    public void check() throws IOException {
        Response r = new Response();
        r.response = "1KiB";
        r.setUp();
        DecodeResult ours = decoder.decode(r.value);
        if (!(ours instanceof DecodeResult.Valid) || !ours.response().equals(decodeJackson(r))) {
            throw new IllegalStateException("decoders disagree: " + ours);
        }
        if (MAPPER.readTree(encoder.encode(request, new ByteArrayInputStream(body))).get("payload") == null) {
            throw new IllegalStateException("event has no payload");
        }
    }

    /** {@return the event JSON} */
    @Benchmark
    public byte[] encodeEvent() throws IOException {
        return encoder.encode(request, new ByteArrayInputStream(body));
    }

    /** {@return the event JSON, written by Jackson from a POJO} */
    @Benchmark
    public byte[] encodeEventJackson() throws IOException {
        ClbEvent event = new ClbEvent();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : request.headers()) {
            headers.merge(h.name(), h.value(), (a, b) -> a + ", " + b);
        }
        headers.put("X-Stgw-Time", String.format(java.util.Locale.ROOT, "%d.%03d",
                request.receivedAt().getEpochSecond(), request.receivedAt().getNano() / 1_000_000));
        headers.put("X-Client-Proto", request.scheme());
        headers.put("X-Forwarded-Proto", request.scheme());
        headers.put("X-Client-Proto-Ver", request.protocol());
        headers.put("X-Real-IP", request.clientIp());
        headers.put("X-Forwarded-For", request.clientIp());
        event.headers = headers;
        event.payload = MAPPER.readTree(new ByteArrayInputStream(body));
        event.isBase64Encoded = false;
        return MAPPER.writeValueAsBytes(event);
    }

    /**
     * A floor for any encoder that checks a JSON body token by token, for reference: Jackson's streaming parser reading
     * the same 1 KiB body's tokens and nothing else (no copy, no UTF-8 or duplicate-name check, no headers).
     *
     * @return the number of tokens
     */
    @Benchmark
    public int tokenizeBodyJackson() throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
            int tokens = 0;
            while (parser.nextToken() != null) {
                tokens++;
            }
            return tokens;
        }
    }

    /** The event of the end-to-end runs' request: wrk's {@code GET /echo} with its two headers, no body. */
    private String wrkEvent;

    /** Encodes {@link #wrkEvent}. */
    @Setup(Level.Trial)
    public void encodeWrkEvent() throws IOException {
        wrkEvent = encoder.encodeToString(new InboundRequest("GET", "/echo", "http", "HTTP/1.1", "127.0.0.1", 40000,
                "127.0.0.1", 8080, List.of(new Header("Host", "127.0.0.1:8080"), new Header("User-Agent", "wrk")),
                Samples.RECEIVED_AT), new byte[0], 0, 0);
    }

    /**
     * For reference: the end-to-end scenario (b)'s in-process echo function alone ({@link E2eHarness#ECHO}: Jackson's
     * {@code readTree} of the event, two {@code writeValueAsString}), the user's own work in each (b) request.
     *
     * @return the function's value
     */
    @Benchmark
    public String echoFunctionAlone() throws Exception {
        return E2eHarness.ECHO.handle(wrkEvent, null);
    }

    /** {@return our decoder's response} */
    @Benchmark
    public DecodeResult decodeResponse(Response r) {
        return decoder.decode(r.value);
    }

    /** {@return the same response, read by Jackson into a POJO} */
    @Benchmark
    public HttpResponse decodeResponseJackson(Response r) throws IOException {
        return decodeJackson(r);
    }

    private static HttpResponse decodeJackson(Response r) throws IOException {
        IntegrationResponse v = MAPPER.readValue(r.value, IntegrationResponse.class);
        List<Header> headers = new ArrayList<>(v.headers.size());
        v.headers.forEach((name, value) -> headers.add(new Header(name, value)));
        byte[] bytes = v.body == null ? new byte[0]
                : v.base64Encoded ? Base64.getDecoder().decode(v.body) : v.body.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse(v.statusCode, headers, bytes);
    }

    /** {@return the same response, read by Jackson into a Map} */
    @Benchmark
    public HttpResponse decodeResponseJacksonMap(Response r) throws IOException {
        Map<String, Object> v = MAPPER.readValue(r.value, new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> hs = (Map<String, Object>) v.get("headers");
        List<Header> headers = new ArrayList<>(hs.size());
        hs.forEach((name, value) -> headers.add(new Header(name, (String) value)));
        String b = (String) v.get("body");
        byte[] bytes = b == null ? new byte[0]
                : Boolean.TRUE.equals(v.get("isBase64Encoded")) ? Base64.getDecoder().decode(b)
                : b.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse(((Number) v.get("statusCode")).intValue(), headers, bytes);
    }
}
