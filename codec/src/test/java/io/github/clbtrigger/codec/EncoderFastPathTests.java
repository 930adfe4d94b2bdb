package io.github.clbtrigger.codec;

import static io.github.clbtrigger.codec.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * The encoder's fast paths (a hand-written event writer, a one-pass JSON check-and-copy, the JDK's Base64, the
 * in-memory body overload) against the naive oracle {@link ReferenceEncoder}, the original Jackson implementation:
 * every event must be the same bytes.
 */
class EncoderFastPathTests {

    private static final EventEncoder ENCODER = EventEncoder.builder().build();
    private static final ReferenceEncoder REFERENCE = new ReferenceEncoder(ENCODER);
    private static final List<String> TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/plain", "text/plain; charset=ISO-8859-1", "text/html; charset=\"utf-16\"", "application/xml",
            "application/octet-stream", "image/png", "application/problem+json", "");

    private static void assertSameEvent(EventEncoder encoder, InboundRequest request, byte[] body) throws IOException {
        byte[] expected = new ReferenceEncoder(encoder).encode(request, new ByteArrayInputStream(body));
        assertThat(encoder.encode(request, new ByteArrayInputStream(body))).isEqualTo(expected);
        byte[] padded = new byte[body.length + 7];
        System.arraycopy(body, 0, padded, 3, body.length);
        assertThat(encoder.encode(request, padded, 3, body.length)).isEqualTo(expected);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        encoder.encode(request, new ByteArrayInputStream(body), streamed);
        assertThat(streamed.toByteArray()).isEqualTo(expected);
    }

    private static void assertSameEvent(String contentType, byte[] body) throws IOException {
        List<Header> headers = contentType.isEmpty() ? List.of() : List.of(new Header("Content-Type", contentType));
        assertSameEvent(ENCODER, request(headers), body);
    }

    /** JSON text with escapes, whitespace, duplicate names and broken bytes sprinkled in. */
    static Gen<String> messyJson() {
        Gen<String> values = RandomJson.values(5);
        return in -> {
            String json = values.generate(in);
            StringBuilder out = new StringBuilder();
            boolean inString = false;
            for (int i = 0; i < json.length(); i++) {
                char c = json.charAt(i);
                int roll = (int) in.next(Constraint.between(0, 99));
                if (inString && c != '"' && c != '\\' && roll < 8) {
                    String hex = String.format(Locale.ROOT, "%04x", (int) c);
                    out.append("\\u").append(roll < 4 ? hex : hex.toUpperCase(Locale.ROOT));
                } else if (inString && c == '/' || inString && roll == 9) {
                    out.append("\\/");
                    if (c != '/') {
                        out.append(c);
                    }
                } else if (!inString && roll < 6) {
                    out.append(" \t\r\n".charAt(roll % 4)).append(c);
                } else {
                    out.append(c);
                }
                if (c == '\\' && inString) {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = !inString;
                }
            }
            if (in.next(Constraint.between(0, 9)) == 0) {
                int at = out.indexOf("\":");
                if (at > 0) {
                    int open = out.lastIndexOf("\"", at - 1);
                    String member = open < 0 ? "\"\":" : out.substring(open, at + 2);
                    out.insert(at + 2, "1," + member);
                }
            }
            return out.toString();
        };
    }

    @Nested
    class JsonBodies {

        @Test
        void messyJsonBodiesGiveTheReferenceEvent() {
            qt().withExamples(5000).forAll(messyJson(), integers().between(0, 3)).checkAssert((json, type) -> {
                try {
                    assertSameEvent(TYPES.get(type), json.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }

        @Test
        void mutatedJsonBodiesGiveTheReferenceEvent() {
            qt().withExamples(5000).forAll(RandomJson.values(4), integers().between(0, 1000),
                    integers().between(0, 255)).checkAssert((json, where, value) -> {
                        byte[] body = json.getBytes(StandardCharsets.UTF_8);
                        if (body.length > 0) {
                            body[where % body.length] = (byte) (int) value;
                        }
                        try {
                            assertSameEvent("application/json", body);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    });
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 7})
        void nestingAtAndAroundTheDepthLimit(int maxDepth) throws IOException {
            EventEncoder encoder = EventEncoder.builder().maxDepth(maxDepth).build();
            InboundRequest request = request(List.of(new Header("Content-Type", "application/json")));
            for (int depth = 0; depth <= maxDepth + 1; depth++) {
                String arrays = "[".repeat(depth) + "1" + "]".repeat(depth);
                String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                assertSameEvent(encoder, request, arrays.getBytes(StandardCharsets.UTF_8));
                assertSameEvent(encoder, request, objects.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Test
        void objectsWithManyMembers() throws IOException {
            for (int members : new int[] {63, 64, 65, 200}) {
                StringBuilder json = new StringBuilder("{");
                for (int i = 0; i < members; i++) {
                    json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
                }
                assertSameEvent("application/json", json.append('}').toString().getBytes(StandardCharsets.UTF_8));
                String repeated = json.substring(0, json.length() - 1) + ",\"k0\":0}";
                assertSameEvent("application/json", repeated.getBytes(StandardCharsets.UTF_8));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\u00e9\\u0000\\u001f\\u007f\\u2028\"",
            "{\"a\":1,\"\\u0061\":2}", "{\"\\/\":1,\"/\":2}", "-0", "0.5e-7", "1E+9", "01", "1.", ".5", "+1", "tru",
            "true x", "[1,]", "{\"a\":1,}", "\"\t\"", "\"\\x\"", "\"\\u12\"", "[\"\u00e9\ud83d\ude00\"]", "\ufeff{}",
            "{} ", " \n[ ]\r\n", "nul", "[[[]]]", "{\"a\":{\"a\":{}}}"})
        void edgeCases(String json) throws IOException {
            assertSameEvent("application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Nested
    class Bodies {

        @Test
        void anyBytesUnderAnyTypeGiveTheReferenceEvent() {
            qt().withExamples(3000)
                    .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 100),
                            integers().between(0, TYPES.size() - 1))
                    .checkAssert((values, type) -> {
                        byte[] body = new byte[values.size()];
                        for (int i = 0; i < body.length; i++) {
                            body[i] = (byte) (int) values.get(i);
                        }
                        try {
                            assertSameEvent(TYPES.get(type), body);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    });
        }

        /**
         * UTF-8 text bodies that are mostly plain ASCII with, anywhere, a byte the one-pass text writer must stop at:
         * a quote, a backslash, a control character, a 2- to 4-byte sequence, or a broken one (then the body is
         * decoded with replacement characters instead). Lengths cross the eight-byte steps of its scanner.
         */
        @Test
        void mostlyAsciiTextBodiesGiveTheReferenceEvent() {
            String[] odd = {"\"", "\\", "\0", "\n", "\u001f", "\u007f", "é", "€", "😀"};
            Gen<byte[]> bodies = lists().of(integers().between(0, 94 + odd.length + 2)).ofSizeBetween(0, 40)
                    .map(codes -> {
                        ByteArrayOutputStream body = new ByteArrayOutputStream();
                        for (int code : codes) {
                            if (code < 95) {
                                body.write(0x20 + code);
                            } else if (code < 95 + odd.length) {
                                body.writeBytes(odd[code - 95].getBytes(StandardCharsets.UTF_8));
                            } else {
                                body.write(code == 95 + odd.length ? 0x80 : 0xE2); // a stray or cut-short byte
                            }
                        }
                        return body.toByteArray();
                    });
            qt().withExamples(5000).forAll(bodies, integers().between(0, 1)).checkAssert((body, type) -> {
                try {
                    assertSameEvent(type == 0 ? "text/plain" : "application/xml; charset=utf-8", body);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 2, 3, 12287, 12288, 12289, 24576, 24577, 100_000})
        void binaryBodiesAroundTheBase64SliceSize(int size) throws IOException {
            byte[] body = new byte[size];
            new java.util.SplittableRandom(size).nextBytes(body);
            assertSameEvent("application/octet-stream", body);
        }

        @Test
        void largeTextAndJsonBodies() throws IOException {
            String text = "héllo \"wörld\" \\ \u0001 😀 ".repeat(5000);
            assertSameEvent("text/plain", text.getBytes(StandardCharsets.UTF_8));
            assertSameEvent("application/json", ("\"" + text.replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\u0001", "\\u0001") + "\"").getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void streamsThatHideTheirLength() throws IOException {
            byte[] body = new byte[50_000];
            new java.util.SplittableRandom(1).nextBytes(body);
            InputStream trickle = new InputStream() {
                private int at;

                @Override
                public int read() {
                    return at < body.length ? body[at++] & 0xff : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (at == body.length) {
                        return -1;
                    }
                    int n = Math.min(Math.min(len, 777), body.length - at);
                    System.arraycopy(body, at, b, off, n);
                    at += n;
                    return n;
                }
            };
            InboundRequest request = request(List.of());
            assertThat(ENCODER.encode(request, trickle))
                    .isEqualTo(REFERENCE.encode(request, new ByteArrayInputStream(body)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 99, 100, 101, 5000})
        void inMemoryStreamsAndOtherStreamsAreReadAlike(int size) throws IOException {
            EventEncoder limited = EventEncoder.builder().maxBodyBytes(100).build();
            InboundRequest request = request(List.of(new Header("Content-Type", "application/octet-stream")));
            byte[] body = new byte[size];
            new java.util.SplittableRandom(size).nextBytes(body);
            ByteArrayInputStream plain = new ByteArrayInputStream(body);
            ByteArrayInputStream subclass = new ByteArrayInputStream(body) { };
            if (size > 100) {
                assertThatThrownBy(() -> limited.encode(request, plain)).isInstanceOf(BodyTooLargeException.class);
                assertThatThrownBy(() -> limited.encode(request, subclass)).isInstanceOf(BodyTooLargeException.class);
            } else {
                byte[] expected = new ReferenceEncoder(limited).encode(request, new ByteArrayInputStream(body));
                assertThat(limited.encode(request, plain)).isEqualTo(expected);
                assertThat(limited.encode(request, subclass)).isEqualTo(expected);
                assertThat(plain.read()).isEqualTo(-1);
            }
        }

        @Test
        void theInMemoryOverloadChecksItsArguments() throws BodyTooLargeException {
            InboundRequest request = request(List.of());
            EventEncoder small = EventEncoder.builder().maxBodyBytes(4).build();
            assertThatThrownBy(() -> small.encode(request, new byte[10], 0, 5))
                    .isInstanceOf(BodyTooLargeException.class);
            assertThat(small.encode(request, new byte[10], 6, 4)).isNotEmpty();
            assertThatThrownBy(() -> ENCODER.encode(request, new byte[10], 8, 3))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> ENCODER.encode(request, new byte[10], -1, 3))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Nested
    class Headers {

        @Test
        void anyHeaderTextGivesTheReferenceEvent() {
            qt().withExamples(3000)
                    .forAll(lists().of(strings().allPossible().ofLengthBetween(1, 12)).ofSizeBetween(0, 40),
                            integers().between(0, 1 << 5))
                    .checkAssert((texts, custom) -> {
                        List<Header> headers = new ArrayList<>();
                        String[] names = {"Cookie", "X-Forwarded-For", "x-real-ip", "Content-Type", "accept"};
                        for (int i = 0; i < texts.size(); i++) {
                            String text = texts.get(i);
                            String name = i % 3 == 0 ? names[i % names.length] : text;
                            headers.add(new Header(name, i % 2 == 0 ? text : " " + text + "\t"));
                        }
                        EnumSet<CustomHeader> enabled = EnumSet.noneOf(CustomHeader.class);
                        for (CustomHeader header : CustomHeader.values()) {
                            if ((custom >> header.ordinal() & 1) != 0) {
                                enabled.add(header);
                            }
                        }
                        EventEncoder encoder = EventEncoder.builder().customHeaders(enabled).build();
                        try {
                            assertSameEvent(encoder, request(headers), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    });
        }

        @Test
        void aHeaderValueThatArrivedAsUtf8BytesIsThatTextInTheEvent() {
            qt().withExamples(2000)
                    .forAll(strings().betweenCodePoints(1, 0x10FFFF).ofLengthBetween(0, 16))
                    .assuming(text -> text.equals(JsonText.wellFormed(text)))
                    .checkAssert(text -> {
                        // what a servlet container hands over for the UTF-8 bytes of the text
                        String received = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                        assertThat(eventHeader(received)).isEqualTo(text);
                    });
        }

        @Test
        void headerValueBytesByExample() {
            assertThat(eventHeader("caf\u00e9")).as("ISO-8859-1 é, one byte").isEqualTo("caf\u00e9");
            assertThat(eventHeader("\u00c3\u00a9\u00e9")).as("é in UTF-8, then a lone byte").isEqualTo("\u00c3\u00a9\u00e9");
            assertThat(eventHeader("caf\u00e9\u4e2d")).as("already text above U+00FF").isEqualTo("caf\u00e9\u4e2d");
            assertThat(eventHeader("caf\u00c3\u00a9")).as("the audit's case").isEqualTo("caf\u00e9");
            assertThat(eventHeader("\"\u00c3\u00a9\"\t")).as("escapes before and after").isEqualTo("\"\u00e9\"\t");
        }

        private String eventHeader(String value) {
            try {
                byte[] event = ENCODER.encode(request(List.of(new Header("X-Name", value))), new byte[0], 0, 0);
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(event).path("headers")
                        .path("X-Name").asText();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void stringsAreEscapedAsJacksonEscapesThem() {
            JsonFactory factory = JacksonSetup.factory(10, 1000, 1000, 1000);
            qt().withExamples(5000).forAll(strings().allPossible().ofLengthBetween(0, 20))
                    .checkAssert(text -> assertEscapedAsJacksonEscapes(factory, text));
        }

        /**
         * {@link JsonOut#string} on plain ASCII with, anywhere, a char that needs escaping or is not ASCII (some only
         * look like a quote or a backslash in their low byte, such as U+0122 or U+2022): what a scanner that copies
         * several chars at once could get wrong.
         */
        @Test
        void mostlyAsciiStringsAreEscapedAsJacksonEscapesThem() {
            char[] odd = {'"', '\\', '\0', '\n', 0x1f, 0x7f, 0x80, 0xff, 0x100, 0x122, 0x15c, 0x2022, 0x205c,
                0x8022, 0xd83d, 0xde00, 0xfffd};
            Gen<String> texts = lists().of(integers().between(0, 94 + odd.length)).ofSizeBetween(0, 24).map(codes -> {
                StringBuilder text = new StringBuilder();
                for (int code : codes) {
                    text.append(code < 95 ? (char) (0x20 + code) : odd[code - 95]);
                }
                return text.toString();
            });
            JsonFactory factory = JacksonSetup.factory(10, 1000, 1000, 1000);
            qt().withExamples(10_000).forAll(texts)
                    .checkAssert(text -> assertEscapedAsJacksonEscapes(factory, text));
        }

        /** {@link JsonOut#string} of {@code text}, made well-formed, writes what Jackson's generator writes. */
        private static void assertEscapedAsJacksonEscapes(JsonFactory factory, String text) {
            String wellFormed = JsonText.wellFormed(text);
            JsonOut out = new JsonOut(1);
            out.string(wellFormed);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (JsonGenerator generator = factory.createGenerator(expected, JsonEncoding.UTF8)) {
                JacksonSetup.writeString(generator, wellFormed);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
        }

        @Test
        void anyArrivalTimeGivesTheReferenceEvent() {
            qt().withExamples(2000).forAll(longs().between(-4_000_000_000_000L, 4_000_000_000_000L),
                    integers().between(0, 999_999)).checkAssert((epochMillis, nanos) -> {
                        Instant receivedAt = Instant.ofEpochMilli(epochMillis).plusNanos(nanos);
                        InboundRequest plain = request(List.of(new Header("X-Stgw-Time", "1")));
                        InboundRequest request = new InboundRequest(plain.method(), plain.uri(), plain.scheme(),
                                plain.protocol(), plain.clientIp(), plain.clientPort(), plain.vip(), plain.vport(),
                                plain.headers(), receivedAt);
                        try {
                            assertSameEvent(ENCODER, request, new byte[0]);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    });
        }

        @Test
        void namesCompareAsTheirLowerCaseForms() {
            Gen<String> names = strings().betweenCodePoints(0x20, 0x17F).ofLengthBetween(0, 6)
                    .mix(strings().allPossible().ofLengthBetween(0, 3), 30);
            qt().withExamples(5000).forAll(names, names).checkAssert((a, b) -> {
                String lowerA = HttpSyntax.lower(a);
                String lowerB = HttpSyntax.lower(b);
                assertThat(HttpSyntax.equalsIgnoreAsciiCase(a, b)).isEqualTo(lowerA.equals(lowerB));
                assertThat(HttpSyntax.equalsLowerAscii(a, lowerB)).isEqualTo(lowerA.equals(lowerB));
                assertThat(HttpSyntax.equalsIgnoreAsciiCase(a, a.toUpperCase(Locale.ROOT)))
                        .isEqualTo(lowerA.equals(HttpSyntax.lower(a.toUpperCase(Locale.ROOT))));
            });
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 1, 999, 1000, 1001, 1591692977774L, -1, -999, -1000, -1001, -1591692977774L,
            Long.MAX_VALUE / 1_000_000})
        void stgwTimeIsTheReferenceText(long epochMillis) {
            Instant instant = Instant.ofEpochMilli(epochMillis).plusNanos(123_456);
            assertThat(EventHeaders.stgwTime(instant)).isEqualTo(ReferenceEncoder.stgwTime(instant));
            assertThat(EventHeaders.stgwTime(Instant.MAX)).isEqualTo(ReferenceEncoder.stgwTime(Instant.MAX));
            assertThat(EventHeaders.stgwTime(Instant.MIN)).isEqualTo(ReferenceEncoder.stgwTime(Instant.MIN));
        }
    }
}
