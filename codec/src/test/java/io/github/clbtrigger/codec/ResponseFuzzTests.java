package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Issue 7, item 2: generated and mutated integration responses — deep nesting, huge numbers, duplicate keys,
 * invalid UTF-8, invalid Base64, CR/LF/NUL in header names and values, giant headers, truncation, flipped bytes —
 * give only a valid response or the dialect's documented error, and a valid response carries only header lines
 * the function sent: each is a member of the input's {@code headers}, read by an independent strict parser
 * (Jackson, duplicate detection on). The number of cases is the system property {@code clb.fuzz.cases} (default
 * 100,000; scripts/soak.sh runs 1,000,000).
 */
class ResponseFuzzTests {

    static final int CASES = Integer.getInteger("clb.fuzz.cases", 100_000);

    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000)
                    .maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private static final List<String> STATUS = List.of("200", "404", "\"200\"", "200.5", "2e2", "1e400", "-1", "99",
            "600", "99999999999999999999999", "null", "true", "[200]", "0200", "200.0");
    private static final List<String> BASE64 = List.of("true", "false", "\"true\"", "null", "1");
    private static final List<String> NAMES = List.of("Content-Type", "Set-Cookie", "X-A", "x-a", "Location",
            "Content-Length", "Connection", "Transfer-Encoding", "X-Inj\r\nEvil: 1", "X\u0000", "Bad Name", "",
            "X:Y", "X\u00e9", "X-\n", "\u2028", "Date");
    private static final List<String> VALUES = List.of("text/plain", "a=1; Path=/", "", " spaced ", "a\r\nSet-Cookie: evil",
            "a\nb", "a\rb", "nul\u0000", "tab\there", "caf\u00e9", "\u4e2d\u6587", "\ud800", "del\u007f",
            "HTTP/1.1 200 OK");
    private static final List<String> BODIES = List.of("hello", "aGVsbG8=", "aGVsbG8", "aGVs!!", "====", "a", "ab=",
            "aGVs bG8=", "aGVs\nbG8=", "-_-_", "\ud800", "");

    /** Member values that are not what a response member should hold. */
    private static final List<String> ODD = List.of("{}", "[]", "\"x\"", "1e99999", "-0", "123456789012345678901234567890",
            "{\"a\":1,\"a\":2}", "[1,[2,[3]]]", "\"\\u0000\"", "\"\\ud800\\udc00\"", "1.5e-400");

    private static int pick(RandomnessSource in, int bound) {
        return (int) in.next(Constraint.between(0, bound - 1));
    }

    private static String quote(RandomnessSource in, String text) {
        // mostly escaped JSON, sometimes the raw text (raw control characters are malformed JSON)
        return pick(in, 8) == 0 ? "\"" + text + "\"" : JsonText.quote(text);
    }

    /** An integration response, possibly with duplicate members, deep nesting, giant headers and huge numbers. */
    static final Gen<byte[]> RESPONSES = in -> {
        StringBuilder json = new StringBuilder("{");
        int members = 0;
        if (pick(in, 10) != 0) {
            json.append("\"statusCode\":").append(pick(in, 2) == 0 ? "200" : STATUS.get(pick(in, STATUS.size())));
            members++;
        }
        if (pick(in, 2) == 0) {
            json.append(members++ > 0 ? "," : "").append("\"isBase64Encoded\":").append(BASE64.get(pick(in, BASE64.size())));
        }
        if (pick(in, 4) != 0) {
            json.append(members++ > 0 ? "," : "").append("\"headers\":{");
            int n = pick(in, 5);
            for (int i = 0; i < n; i++) {
                String name = NAMES.get(pick(in, NAMES.size()));
                if (pick(in, 200) == 0) {
                    name = "X-" + "n".repeat(pick(in, 70_000));   // giant name
                }
                json.append(i == 0 ? "" : ",").append(quote(in, name)).append(':');
                int shape = pick(in, 6);
                if (shape == 0) {
                    json.append('[');
                    int m = pick(in, 4);
                    for (int j = 0; j < m; j++) {
                        json.append(j == 0 ? "" : ",").append(quote(in, VALUES.get(pick(in, VALUES.size()))));
                    }
                    json.append(']');
                } else if (shape == 1) {
                    json.append(ODD.get(pick(in, ODD.size())));
                } else {
                    String value = VALUES.get(pick(in, VALUES.size()));
                    if (pick(in, 200) == 0) {
                        value = "v".repeat(pick(in, 200_000));   // giant value
                    }
                    json.append(quote(in, value));
                }
            }
            json.append('}');
        }
        if (pick(in, 4) != 0) {
            json.append(members++ > 0 ? "," : "").append("\"body\":").append(quote(in, BODIES.get(pick(in, BODIES.size()))));
        }
        int extras = pick(in, 3);
        for (int i = 0; i < extras; i++) {
            json.append(members++ > 0 ? "," : "");
            switch (pick(in, 5)) {
                case 0 -> {   // deep nesting around the limit
                    int depth = 500 + pick(in, 40);
                    json.append("\"deep\":").append("[".repeat(depth)).append("]".repeat(depth));
                }
                case 1 -> json.append("\"huge\":").append("9".repeat(1 + pick(in, 5000)))
                        .append(pick(in, 2) == 0 ? "" : "e" + pick(in, 100_000));
                case 2 -> json.append("\"statusCode\":200");   // a duplicate when statusCode was given
                case 3 -> json.append("\"other\":").append(ODD.get(pick(in, ODD.size())));
                default -> json.append("\"body\":\"dup\"");
            }
        }
        json.append('}');
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        return mutate(in, bytes);
    };

    /** Sometimes: a flipped byte, an invalid UTF-8 sequence inserted, or a truncation. */
    private static byte[] mutate(RandomnessSource in, byte[] bytes) {
        int how = pick(in, 10);
        if (how == 0 && bytes.length > 0) {
            bytes[pick(in, bytes.length)] = (byte) pick(in, 256);
        } else if (how == 1) {
            byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
            byte[] seq = bad[pick(in, bad.length)];
            int at = pick(in, bytes.length + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 4);
            out.write(bytes, 0, at);
            out.write(seq, 0, seq.length);
            out.write(bytes, at, bytes.length - at);
            return out.toByteArray();
        } else if (how == 2) {
            return java.util.Arrays.copyOf(bytes, pick(in, bytes.length + 1));
        }
        return bytes;
    }

    @Test
    @Timeout(600)
    void fuzzedResponsesGiveOnlyAValidResponseOrTheDocumentedError() {
        Map<Dialect, ResponseDecoder> decoders = new EnumMap<>(Dialect.class);
        for (Dialect d : Dialect.values()) {
            decoders.put(d, ResponseDecoder.builder().dialect(d).build());
        }
        AtomicLong cases = new AtomicLong();
        AtomicLong valid = new AtomicLong();
        Map<InvalidReason, Long> reasons = new EnumMap<>(InvalidReason.class);
        qt().withExamples(CASES).withShrinkCycles(200).forAll(RESPONSES).checkAssert(input -> {
            cases.incrementAndGet();
            for (ResponseDecoder decoder : decoders.values()) {
                DecodeResult result = decoder.decode(input);
                if (result instanceof DecodeResult.Invalid invalid) {
                    assertThat(invalid.response()).isEqualTo(decoder.errorResponse());
                    assertThat(invalid.path()).startsWith("$");
                    assertThat(invalid.detail()).doesNotContainPattern("[\\x00-\\x1f]")
                            .doesNotStartWith("internal error");
                    synchronized (reasons) {
                        reasons.merge(invalid.reason(), 1L, Long::sum);
                    }
                } else {
                    valid.incrementAndGet();
                    assertLegitimate(input, result.response(), decoder);
                }
            }
        });
        System.out.printf(Locale.ROOT, "response fuzz: %d inputs x %d dialects, %d valid, invalid by reason %s%n",
                cases.get(), decoders.size(), valid.get(), reasons);
        assertThat(cases.get()).isGreaterThanOrEqualTo(CASES * 95L / 100);
        assertThat(valid.get()).as("the generator also produces valid responses").isPositive();
        assertThat(reasons).containsKeys(InvalidReason.DUPLICATE_KEY, InvalidReason.LIMIT_EXCEEDED,
                InvalidReason.INVALID_UTF8, InvalidReason.BAD_BASE64, InvalidReason.BAD_HEADER_NAME,
                InvalidReason.BAD_HEADER_VALUE, InvalidReason.MALFORMED_JSON);
    }

    @Test
    void stringLengthCapAtItsBoundary() {
        ResponseDecoder decoder = ResponseDecoder.builder().maxStringLength(100).build();
        String at = "{\"statusCode\":200,\"headers\":{\"X\":\"" + "a".repeat(100) + "\"}}";
        String over = "{\"statusCode\":200,\"headers\":{\"X\":\"" + "a".repeat(101) + "\"}}";
        assertThat(decoder.decode(at.getBytes(StandardCharsets.UTF_8))).isInstanceOf(DecodeResult.Valid.class);
        assertThat(decoder.decode(over.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(DecodeResult.Invalid.class,
                        i -> assertThat(i.reason()).isEqualTo(InvalidReason.LIMIT_EXCEEDED));
    }

    /** Every header line of a valid response is one the input's headers object holds, and is well-formed. */
    private static void assertLegitimate(byte[] input, HttpResponse response, ResponseDecoder decoder) {
        JsonNode tree;
        try {
            tree = STRICT.readTree(input);
        } catch (Exception e) {
            throw new AssertionError("decoder accepted what a strict parser refuses: " + e.getMessage(), e);
        }
        assertThat(response.statusCode()).isBetween(200, 599);
        assertThat(response.bodyLength()).isLessThanOrEqualTo(decoder.maxBodyBytes());
        JsonNode headers = tree.path("headers");
        for (Header h : response.headers()) {
            assertThat(io.github.clbtrigger.common.HttpTokens.isToken(h.name())).as("name %s", h.name()).isTrue();
            assertThat(HttpSyntax.firstBadValueChar(h.value())).as("value of %s", h.name()).isNegative();
            JsonNode sent = headers.get(h.name());
            assertThat(sent).as("header %s was sent by the function", h.name()).isNotNull();
            boolean found = sent.isArray() ? java.util.stream.StreamSupport.stream(sent.spliterator(), false)
                    .anyMatch(v -> JsonText.wellFormed(v.asText()).equals(h.value()))
                    : JsonText.wellFormed(sent.asText()).equals(h.value());   // an unpaired surrogate as U+FFFD
            assertThat(found).as("header %s: %s was sent by the function", h.name(), h.value()).isTrue();
        }
    }
}
