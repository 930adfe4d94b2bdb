package io.github.clbtrigger.codec;

import static io.github.clbtrigger.codec.Fixtures.request;
import static io.github.clbtrigger.codec.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventEncoderTests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventEncoder ENCODER = EventEncoder.builder().build();

    private static JsonNode event(EventEncoder encoder, List<Header> headers, byte[] body) throws IOException {
        return MAPPER.readTree(encoder.encode(request(headers), new ByteArrayInputStream(body)));
    }

    private static JsonNode event(String contentType, byte[] body) throws IOException {
        List<Header> headers = contentType == null ? List.of() : List.of(new Header("Content-Type", contentType));
        return event(ENCODER, headers, body);
    }

    @Nested
    class GoldenVectors {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                tencent-example  | http  | 9.43.175.219:44347   | 121.23.21.10:80   | 1591692977774 | X-Vip,X-Vport,X-Uri,X-Method,X-Real-Port
                png-image        | https | 203.0.113.7:1234     | 10.0.0.1:443      | 1700000000000 |
                repeated-headers | https | 198.51.100.20:50000  | 10.0.0.1:443      | 1591692977007 | X-Real-Port,X-Uri
                latin1-text      | http  | 192.0.2.1:1          | 10.0.0.1:80       | 1700000000000 |
                broken-json      | http  | 192.0.2.1:1          | 10.0.0.1:80       | 1700000000000 |
                problem-json     | http  | 192.0.2.1:1          | 10.0.0.1:80       | 1700000000000 |
                json-exact       | http  | 192.0.2.1:1          | 10.0.0.1:80       | 1700000000000 |
                """)
        void eventMatchesTheGoldenBytes(String name, String scheme, String client, String vip, long epochMillis,
                String custom) throws IOException {
            Fixtures.RawRequest raw = Fixtures.RawRequest.parse(Fixtures.resource("event/" + name + ".request"));
            Set<CustomHeader> enabled = EnumSet.noneOf(CustomHeader.class);
            if (custom != null) {
                for (String header : custom.split(",")) {
                    enabled.add(CustomHeader.byName(header).orElseThrow());
                }
            }
            EventEncoder encoder = EventEncoder.builder().customHeaders(enabled).build();
            InboundRequest request = raw.toInbound(scheme, client, vip, Instant.ofEpochMilli(epochMillis));

            byte[] event = encoder.encode(request, new ByteArrayInputStream(raw.body()));

            assertThat(utf8(event)).isEqualTo(utf8(Fixtures.resource("event/" + name + ".json")));
            assertThat(event).isEqualTo(Fixtures.resource("event/" + name + ".json"));
        }

        @Test
        void pngPayloadDecodesToTheImageBytes() throws IOException {
            Fixtures.RawRequest raw = Fixtures.RawRequest.parse(Fixtures.resource("event/png-image.request"));
            JsonNode event = event(ENCODER, raw.headers(), raw.body());
            assertThat(Base64.getDecoder().decode(event.get("payload").asText()))
                    .isEqualTo(Fixtures.resource("image.png"));
        }
    }

    @Nested
    class ContentTypeRule {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
                application/json                         | json
                Application/JSON                         | json
                application/json; charset=utf-8          | json
                ' application/json ;charset=UTF-8'       | json
                text/plain                               | text
                text/html; charset=utf-8                 | text
                TEXT/CSV                                 | text
                text/x-anything                          | text
                application/javascript                   | text
                application/xml                          | text
                application/xml; charset=iso-8859-1      | text
                application/problem+json                 | base64
                application/vnd.api+json                 | base64
                application/ld+json                      | base64
                image/svg+xml                            | base64
                application/xhtml+xml                    | base64
                text/                                    | base64
                text                                     | base64
                application/x-www-form-urlencoded        | base64
                multipart/form-data; boundary=x          | base64
                application/octet-stream                 | base64
                image/png                                | base64
                application/jsonx                        | base64
                ''                                       | base64
                NONE                                     | base64
                """)
        void documentedSideOfTheBase64Rule(String contentType, String side) throws IOException {
            byte[] body = "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8);
            JsonNode event = event(contentType, body);
            switch (side) {
                case "json" -> {
                    assertThat(event.get("payload").isObject()).isTrue();
                    assertThat(event.get("payload").get("k").asText()).isEqualTo("v");
                    assertThat(event.get("isBase64Encoded").booleanValue()).isFalse();
                }
                case "text" -> {
                    assertThat(event.get("payload").textValue()).isEqualTo("{\"k\":\"v\"}");
                    assertThat(event.get("isBase64Encoded").booleanValue()).isFalse();
                }
                default -> {
                    assertThat(event.get("payload").textValue()).isEqualTo("eyJrIjoidiJ9");
                    assertThat(event.get("isBase64Encoded").booleanValue()).isTrue();
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                truncated              | {"a":
                trailing content       | {"a":1} x
                two values             | {"a":1} {"b":2}
                single quotes          | {'a':1}
                trailing comma         | [1,2,]
                NaN                    | NaN
                comment                | // c\\n1
                duplicate key          | {"a":1,"a":2}
                nested duplicate key   | [{"b":{"a":1,"a":2}}]
                whitespace only        | '   '
                """)
        void jsonThatDoesNotParseIsAString(String name, String body) throws IOException {
            JsonNode event = event("application/json", body.getBytes(StandardCharsets.UTF_8));
            assertThat(event.get("payload").textValue()).isEqualTo(body);
            assertThat(event.get("isBase64Encoded").booleanValue()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                number          | 42           | 42
                string          | '"hi"'       | '"hi"'
                true            | true         | true
                null            | null         | null
                empty object    | ' { } '      | {}
                exact decimals  | [1.50,-0.0]  | [1.50,-0.0]
                """)
        void anyJsonValueIsEmbedded(String name, String body, String expectedPayload) throws IOException {
            byte[] event = ENCODER.encode(request(List.of(new Header("content-type", "application/json"))),
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(utf8(event)).contains("\"payload\":" + expectedPayload + ",\"isBase64Encoded\":false}");
        }

        @Test
        void jsonDeeperThanTheLimitIsAString() throws IOException {
            EventEncoder shallow = EventEncoder.builder().maxDepth(3).build();
            List<Header> json = List.of(new Header("Content-Type", "application/json"));
            assertThat(event(shallow, json, "[[[1]]]".getBytes(StandardCharsets.UTF_8)).get("payload").isArray())
                    .isTrue();
            assertThat(event(shallow, json, "[[[[1]]]]".getBytes(StandardCharsets.UTF_8)).get("payload").textValue())
                    .isEqualTo("[[[[1]]]]");
        }

        @Test
        void jsonWithInvalidUtf8IsTextWithReplacementCharacters() throws IOException {
            byte[] body = {'"', 'a', (byte) 0xC3, '"'};
            assertThat(event("application/json", body).get("payload").textValue()).isEqualTo("\"a\uFFFD\"");
        }

        @Test
        void jsonWithByteOrderMarkIsAString() throws IOException {
            byte[] body = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'};
            assertThat(event("application/json", body).get("payload").textValue()).isEqualTo("\uFEFF1");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                no charset is UTF-8           | text/plain                          | UTF-8
                utf-16                        | text/plain; charset=UTF-16          | UTF-16
                quoted                        | text/plain; charset="windows-1252"  | windows-1252
                utf-16be                      | text/plain;charset=UTF-16BE         | UTF-16BE
                unknown is UTF-8              | text/plain; charset=klingon-8       | UTF-8
                illegal name is UTF-8         | text/plain; charset=@@@             | UTF-8
                empty is UTF-8                | text/plain; charset=                | UTF-8
                other parameters first        | text/plain; format=flowed; charset=ISO-8859-1 | ISO-8859-1
                invalid JSON uses the charset | application/json; charset=ISO-8859-1 | ISO-8859-1
                """)
        void textIsDecodedWithTheCharset(String name, String contentType, String charset) throws IOException {
            String text = "héllo wörld {";
            byte[] body = text.getBytes(java.nio.charset.Charset.forName(charset));
            assertThat(event(contentType, body).get("payload").textValue()).isEqualTo(text);
        }

        @Test
        void malformedTextIsReplacedNotRejected() throws IOException {
            byte[] body = {'o', 'k', (byte) 0xFF, (byte) 0xC3};
            assertThat(event("text/plain", body).get("payload").textValue()).isEqualTo("ok\uFFFD\uFFFD");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(nullValues = "NONE", value = {"application/json", "text/plain", "image/png", "NONE"})
        void emptyBodyIsAnEmptyStringNotBase64(String contentType) throws IOException {
            byte[] event = ENCODER.encode(request(contentType == null ? List.of()
                    : List.of(new Header("Content-Type", contentType))), InputStream.nullInputStream());
            assertThat(utf8(event)).endsWith(",\"payload\":\"\",\"isBase64Encoded\":false}");
        }

        @Test
        void firstContentTypeDecides() throws IOException {
            JsonNode event = event(ENCODER, List.of(new Header("Content-Type", "image/png"),
                    new Header("content-type", "text/plain")), "abc".getBytes(StandardCharsets.UTF_8));
            assertThat(event.get("isBase64Encoded").booleanValue()).isTrue();
            assertThat(event.get("headers").get("Content-Type").textValue()).isEqualTo("image/png, text/plain");
        }

        @Test
        void everyContentTypeLandsOnTheDocumentedSide() {
            qt().forAll(strings().allPossible().ofLengthBetween(0, 30),
                            lists().of(integers().between(0, 255)).ofSizeBetween(1, 40))
                    .checkAssert((contentType, ints) -> {
                        byte[] body = toBytes(ints);
                        JsonNode event = encodeQuietly(contentType, body);
                        String essence = asciiLower(contentType.split(";", -1)[0].replaceAll("^[ \t]+|[ \t]+$", ""));
                        boolean text = essence.equals("application/json") || essence.equals("application/javascript")
                                || essence.equals("application/xml")
                                || essence.startsWith("text/") && essence.length() > 5;
                        assertThat(event.get("isBase64Encoded").booleanValue()).isEqualTo(!text);
                        if (!text) {
                            assertThat(Base64.getDecoder().decode(event.get("payload").textValue())).isEqualTo(body);
                        }
                    });
        }

        @Test
        void knownTypesInAnyCaseAndWithParametersLandOnTheDocumentedSide() {
            List<String> types = List.of("text/plain", "text/html", "application/json", "application/javascript",
                    "application/xml", "image/png", "application/octet-stream", "application/problem+json");
            qt().forAll(integers().between(0, types.size() - 1), integers().between(0, Integer.MAX_VALUE),
                            strings().basicLatinAlphabet().ofLengthBetween(0, 12))
                    .checkAssert((index, caseBits, parameter) -> {
                        String type = types.get(index);
                        StringBuilder mixed = new StringBuilder();
                        for (int i = 0; i < type.length(); i++) {
                            char c = type.charAt(i);
                            mixed.append((caseBits >> (i % 31) & 1) == 1 ? Character.toUpperCase(c) : c);
                        }
                        String contentType = mixed + "; " + parameter.replace(";", "");
                        boolean base64 = index >= 5;
                        JsonNode event = encodeQuietly(contentType, "<x/>".getBytes(StandardCharsets.UTF_8));
                        assertThat(event.get("isBase64Encoded").booleanValue()).as(contentType).isEqualTo(base64);
                    });
        }
    }

    @Nested
    class Headers {

        @Test
        void clientHeadersKeepOrderAndFirstSpellingAndAreJoined() throws IOException {
            JsonNode headers = event(ENCODER, List.of(
                    new Header("X-B", "1"), new Header("x-a", "2"), new Header("x-b", "3"), new Header("X-A", "4"),
                    new Header("COOKIE", "c=1"), new Header("Cookie", "d=2")), new byte[0]).get("headers");
            List<String> names = new ArrayList<>();
            headers.fieldNames().forEachRemaining(names::add);
            assertThat(names).startsWith("X-B", "x-a", "COOKIE", "X-Stgw-Time");
            assertThat(headers.get("X-B").textValue()).isEqualTo("1, 3");
            assertThat(headers.get("x-a").textValue()).isEqualTo("2, 4");
            assertThat(headers.get("COOKIE").textValue()).isEqualTo("c=1; d=2");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"X-Stgw-Time", "x-client-proto", "X-FORWARDED-PROTO", "X-Client-Proto-Ver", "X-Real-IP",
                "x-real-port", "X-Vip", "X-Vport", "X-Uri", "X-Method"})
        void clientCannotSendReservedNames(String name) throws IOException {
            for (Set<CustomHeader> enabled : List.of(EnumSet.noneOf(CustomHeader.class),
                    EnumSet.allOf(CustomHeader.class))) {
                EventEncoder encoder = EventEncoder.builder().customHeaders(enabled).build();
                byte[] event = encoder.encode(request(List.of(new Header(name, "SPOOFED"))),
                        InputStream.nullInputStream());
                assertThat(utf8(event)).doesNotContain("SPOOFED");
            }
        }

        @Test
        void reservedHeadersHaveTheClbValuesInOrder() throws IOException {
            EventEncoder encoder = EventEncoder.builder().customHeaders(EnumSet.allOf(CustomHeader.class)).build();
            InboundRequest request = new InboundRequest("DELETE", "/a/b", "https", "HTTP/2.0", "2001:db8::1", 65535,
                    "10.1.2.3", 8443, List.of(), Instant.parse("2024-02-29T12:00:00.123456789Z"));
            JsonNode headers = MAPPER.readTree(encoder.encode(request, InputStream.nullInputStream())).get("headers");
            List<String> lines = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                lines.add(entry.getKey() + ": " + entry.getValue().textValue());
            }
            assertThat(lines).containsExactly(
                    "X-Stgw-Time: 1709208000.123", "X-Client-Proto: https", "X-Forwarded-Proto: https",
                    "X-Client-Proto-Ver: HTTP/2.0", "X-Real-IP: 2001:db8::1", "X-Forwarded-For: 2001:db8::1",
                    "X-Vip: 10.1.2.3", "X-Vport: 8443", "X-Uri: /a/b", "X-Method: DELETE", "X-Real-Port: 65535");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                no chain                 |                                   | 192.0.2.1
                one proxy                | 10.0.0.1                          | 10.0.0.1, 192.0.2.1
                a chain                  | 10.0.0.1, 10.0.0.2                | 10.0.0.1, 10.0.0.2, 192.0.2.1
                two header lines         | 10.0.0.1;10.0.0.2                 | 10.0.0.1, 10.0.0.2, 192.0.2.1
                blank line is ignored    | '  '                              | 192.0.2.1
                spaces are stripped      | '  10.0.0.9  '                    | 10.0.0.9, 192.0.2.1
                garbage is kept, extended| not-an-ip                         | not-an-ip, 192.0.2.1
                """)
        void forwardedForIsExtendedLikeNginx(String name, String incoming, String expected) throws IOException {
            List<Header> headers = new ArrayList<>();
            if (incoming != null) {
                for (String line : incoming.split(";")) {
                    headers.add(new Header("x-forwarded-for", line));
                }
            }
            JsonNode event = event(ENCODER, headers, new byte[0]);
            assertThat(event.get("headers").get("X-Forwarded-For").textValue()).isEqualTo(expected);
            assertThat(event.get("headers").has("x-forwarded-for")).isFalse();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "1591692977.774, 1591692977.774",
            "0, 0.000",
            "1700000000.5, 1700000000.500",
            "1700000000.0009999, 1700000000.000",
            "1700000000.999999999, 1700000000.999",
            "-0.5, -0.500",
            "-1.25, -1.250",
        })
        void stgwTimeHasExactlyThreeDecimals(String instant, String expected) {
            java.math.BigDecimal seconds = new java.math.BigDecimal(instant);
            long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            long nanos = seconds.subtract(java.math.BigDecimal.valueOf(whole)).movePointRight(9).longValueExact();
            assertThat(EventHeaders.stgwTime(Instant.ofEpochSecond(whole, nanos))).isEqualTo(expected);
        }

        @Test
        void unpairedSurrogatesInHeadersBecomeReplacementCharacters() throws IOException {
            JsonNode event = event(ENCODER, List.of(new Header("X-\uD800", "a\uDC00b\uD83D\uDE00")), new byte[0]);
            assertThat(event.get("headers").get("X-\uFFFD").textValue()).isEqualTo("a\uFFFDb\uD83D\uDE00");
        }

        @Test
        void namesThatDifferOnlyInUnpairedSurrogatesAreOneHeader() throws IOException {
            byte[] event = ENCODER.encode(request(List.of(new Header("a\uD800", "1"), new Header("A\uDBFF", "2"))),
                    InputStream.nullInputStream());
            assertThat(utf8(event)).startsWith("{\"headers\":{\"a\uFFFD\":\"1, 2\",\"X-Stgw-Time\"");
        }

        @Test
        void repeatedHeadersKeepCountAndOrder() {
            qt().forAll(lists().of(integers().between(0, 3)).ofSizeBetween(0, 12),
                            lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 8)).ofSize(12))
                    .checkAssert((nameIndexes, values) -> {
                        List<String> names = List.of("X-One", "x-two", "Cookie", "Accept");
                        List<Header> headers = new ArrayList<>();
                        for (int i = 0; i < nameIndexes.size(); i++) {
                            String name = names.get(nameIndexes.get(i));
                            headers.add(new Header(i % 2 == 0 ? name : name.toUpperCase(Locale.ROOT),
                                    values.get(i)));
                        }
                        JsonNode sent = encodeQuietly(headers).get("headers");
                        for (String name : names) {
                            List<String> expected = new ArrayList<>();
                            String firstSpelling = null;
                            for (Header header : headers) {
                                if (header.name().equalsIgnoreCase(name)) {
                                    expected.add(header.value());
                                    firstSpelling = firstSpelling == null ? header.name() : firstSpelling;
                                }
                            }
                            if (firstSpelling == null) {
                                continue;
                            }
                            String separator = name.equals("Cookie") ? "; " : ", ";
                            assertThat(sent.get(firstSpelling).textValue())
                                    .isEqualTo(String.join(separator, expected));
                        }
                    });
        }
    }

    @Nested
    class Validity {

        private final ObjectMapper strict = new ObjectMapper()
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

        @Test
        void anyRequestMakesOneWellFormedEventWithEachClbHeaderOnce() {
            EventEncoder all = EventEncoder.builder().customHeaders(EnumSet.allOf(CustomHeader.class)).build();
            qt().forAll(lists().of(strings().allPossible().ofLengthBetween(1, 12)).ofSizeBetween(0, 8),
                            strings().allPossible().ofLengthBetween(0, 20),
                            lists().of(integers().between(0, 255)).ofSizeBetween(0, 40))
                    .checkAssert((names, contentType, ints) -> {
                        List<Header> headers = new ArrayList<>();
                        for (String name : names) {
                            headers.add(new Header(name, name + "\u0000\r\n\uDBFF"));
                        }
                        headers.add(new Header("Content-Type", contentType));
                        byte[] body = toBytes(ints);
                        byte[] event = encodeQuietly(all, headers, body);
                        assertThat(Utf8.firstMalformed(event, 0, event.length)).isNegative();
                        assertThat(encodeToStringQuietly(all, headers, body)).isEqualTo(utf8(event));
                        JsonNode tree;
                        try {
                            tree = strict.readTree(event);
                        } catch (IOException e) {
                            throw new AssertionError(utf8(event), e);
                        }
                        List<String> keys = new ArrayList<>();
                        tree.fieldNames().forEachRemaining(keys::add);
                        assertThat(keys).containsExactly("headers", "payload", "isBase64Encoded");
                        List<String> clb = new ArrayList<>();
                        tree.get("headers").fieldNames().forEachRemaining(name -> {
                            if (List.of("x-stgw-time", "x-client-proto", "x-forwarded-proto", "x-client-proto-ver",
                                    "x-real-ip", "x-forwarded-for", "x-vip", "x-vport", "x-uri", "x-method",
                                    "x-real-port").contains(asciiLower(name))) {
                                clb.add(name);
                            }
                        });
                        assertThat(clb).containsExactly("X-Stgw-Time", "X-Client-Proto", "X-Forwarded-Proto",
                                "X-Client-Proto-Ver", "X-Real-IP", "X-Forwarded-For", "X-Vip", "X-Vport", "X-Uri",
                                "X-Method", "X-Real-Port");
                        assertThat(tree.get("headers").get("X-Real-IP").textValue()).isEqualTo("192.0.2.1");
                    });
        }

        @Test
        void embeddedJsonEqualsWhatAStrictParserReads() {
            qt().withExamples(2000).forAll(RandomJson.values(4))
                    .checkAssert(json -> {
                        byte[] body = json.getBytes(StandardCharsets.UTF_8);
                        JsonNode payload = encodeQuietly("application/json", body).get("payload");
                        List<Header> jsonType = List.of(new Header("Content-Type", "application/json"));
                        assertThat(encodeToStringQuietly(ENCODER, jsonType, body))
                                .isEqualTo(utf8(encodeQuietly(ENCODER, jsonType, body)));
                        JsonNode expected;
                        try {
                            expected = strict.readTree(body);
                        } catch (IOException e) {
                            expected = null;
                        }
                        if (expected == null || expected.isMissingNode() || json.isEmpty()) {
                            assertThat(payload.textValue()).isEqualTo(json);
                        } else {
                            assertThat(payload).isEqualTo(expected);
                        }
                    });
        }
    }

    @Nested
    class Limits {

        @Test
        void defaultLimitIsSixMebibytes() throws IOException {
            assertThat(ENCODER.maxBodyBytes()).isEqualTo(6 * 1024 * 1024);
            byte[] exactly = new byte[6 * 1024 * 1024];
            JsonNode event = event("application/octet-stream", exactly);
            assertThat(event.get("payload").textValue()).hasSize(8 * 1024 * 1024);
        }

        @Test
        void bodyOverTheLimitThrowsBeforeWritingAnything() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> ENCODER.encode(request(List.of()),
                    new ByteArrayInputStream(new byte[6 * 1024 * 1024 + 1]), out))
                    .isInstanceOf(BodyTooLargeException.class)
                    .hasMessage("request body is larger than 6291456 bytes")
                    .extracting(e -> ((BodyTooLargeException) e).limit()).isEqualTo(6_291_456L);
            assertThat(out.size()).isZero();
        }

        @ParameterizedTest(name = "limit {0}, body {1}")
        @CsvSource({"0, 0, true", "0, 1, false", "10, 10, true", "10, 11, false", "10000, 10000, true",
                "10000, 10001, false", "8192, 8193, false", "8192, 8192, true"})
        void configurableLimit(int limit, int size, boolean accepted) {
            EventEncoder encoder = ENCODER.newBuilder().maxBodyBytes(limit).build();
            InputStream body = new ByteArrayInputStream(new byte[size]);
            if (accepted) {
                assertThat(encodeQuietly(encoder, body)).isNotEmpty();
            } else {
                assertThatThrownBy(() -> encoder.encode(request(List.of()), body))
                        .isInstanceOf(BodyTooLargeException.class);
            }
        }

        @Test
        void anEndlessBodyIsCutAtTheLimit() {
            InputStream endless = new InputStream() {
                @Override
                public int read() {
                    return 'x';
                }
            };
            EventEncoder encoder = ENCODER.newBuilder().maxBodyBytes(100_000).build();
            assertThatThrownBy(() -> encoder.encode(request(List.of()), endless))
                    .isInstanceOf(BodyTooLargeException.class);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"maxBodyBytes -1", "maxBodyBytes 1073741825", "maxDepth 0", "maxDepth 10001"})
        void builderRejectsOutOfRangeLimits(String setting) {
            String[] parts = setting.split(" ");
            int value = Integer.parseInt(parts[1]);
            EventEncoder.Builder builder = EventEncoder.builder();
            assertThatThrownBy(() -> {
                if (parts[0].equals("maxBodyBytes")) {
                    builder.maxBodyBytes(value);
                } else {
                    builder.maxDepth(value);
                }
            }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(parts[0]);
        }

        @Test
        void newBuilderKeepsSettingsAndBuilderSnapshots() {
            EventEncoder.Builder builder = EventEncoder.builder().maxBodyBytes(5).maxDepth(7)
                    .customHeaders(Set.of(CustomHeader.X_URI));
            EventEncoder first = builder.build();
            builder.customHeaders(Set.of());
            EventEncoder copy = first.newBuilder().build();
            assertThat(List.of(copy.maxBodyBytes(), copy.maxDepth())).containsExactly(5, 7);
            assertThat(copy.customHeaders()).containsExactly(CustomHeader.X_URI);
            assertThat(first.customHeaders()).containsExactly(CustomHeader.X_URI);
        }

        @Test
        void encodeDoesNotCloseTheStreams() throws IOException {
            boolean[] closed = new boolean[2];
            InputStream body = new ByteArrayInputStream(new byte[] {1}) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            ByteArrayOutputStream out = new ByteArrayOutputStream() {
                @Override
                public void close() {
                    closed[1] = true;
                }
            };
            ENCODER.encode(request(List.of()), body, out);
            assertThat(closed).containsExactly(false, false);
            assertThat(out.size()).isPositive();
        }
    }

    /** The oracle's case folding: HTTP media types are case-insensitive in ASCII only. */
    static String asciiLower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c)));
        return out.toString();
    }

    static byte[] toBytes(List<Integer> ints) {
        byte[] bytes = new byte[ints.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (int) ints.get(i);
        }
        return bytes;
    }

    private static JsonNode encodeQuietly(String contentType, byte[] body) {
        try {
            return event(contentType, body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode encodeQuietly(List<Header> headers) {
        try {
            return event(ENCODER, headers, new byte[0]);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] encodeQuietly(EventEncoder encoder, List<Header> headers, byte[] body) {
        try {
            return encoder.encode(request(headers), new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String encodeToStringQuietly(EventEncoder encoder, List<Header> headers, byte[] body) {
        try {
            return encoder.encodeToString(request(headers), body, 0, body.length);
        } catch (BodyTooLargeException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] encodeQuietly(EventEncoder encoder, InputStream body) {
        try {
            return encoder.encode(request(List.of()), body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class Charsets {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                text/plain; charset=latin1                                     | ISO-8859-1
                text/plain; charset="ISO-8859-1"                               | ISO-8859-1
                text/plain;charset=UTF-16 ; format=flowed                     | UTF-16
                text/plain; foo="a;charset=utf-8"; charset=latin1             | ISO-8859-1
                'text/plain; foo="x\\"; charset=utf-16"; charset=latin1'     | ISO-8859-1
                text/plain; charset                                            | UTF-8
                text/plain; charset=                                           | UTF-8
                text/plain; charset=no-such-charset                            | UTF-8
                text/plain                                                     | UTF-8
                """)
        void theCharsetParameterIsReadAsRfc9110WritesParameters(String contentType, String expected) {
            assertThat(MediaType.charset(contentType).name()).isEqualTo(expected);
        }

        @Test
        void aCharsetInsideAQuotedParameterIsPartOfItsValue() {
            qt().withExamples(1000)
                    .forAll(strings().betweenCodePoints(0x20, 0x7E).ofLengthBetween(0, 20))
                    .assuming(v -> v.indexOf('"') < 0 && v.indexOf('\\') < 0)
                    .checkAssert(v -> assertThat(MediaType.charset(
                            "text/plain; x=\"; charset=utf-16 " + v + "\"; charset=latin1").name())
                            .isEqualTo("ISO-8859-1"));
        }
    }
}
