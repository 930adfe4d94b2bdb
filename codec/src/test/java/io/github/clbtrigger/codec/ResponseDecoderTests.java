package io.github.clbtrigger.codec;

import static io.github.clbtrigger.codec.Fixtures.render;
import static io.github.clbtrigger.codec.Fixtures.resource;
import static io.github.clbtrigger.codec.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ResponseDecoderTests {

    private static final ResponseDecoder CLB = ResponseDecoder.builder().build();
    private static final ResponseDecoder FUNCTION_GRAPH = ResponseDecoder.builder()
            .dialect(Dialect.FUNCTION_GRAPH).build();
    private static final String CLB_ERROR_BODY = "{\"errno\":403,\"error\":\"Analyse scf response failed.\"}";

    private static DecodeResult decode(String json) {
        return CLB.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static DecodeResult.Valid valid(DecodeResult result) {
        assertThat(result).as(result.toString()).isInstanceOf(DecodeResult.Valid.class);
        return (DecodeResult.Valid) result;
    }

    private static DecodeResult.Invalid invalid(DecodeResult result) {
        assertThat(result).as(result.toString()).isInstanceOf(DecodeResult.Invalid.class);
        return (DecodeResult.Invalid) result;
    }

    @Nested
    class GoldenVectors {

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "tencent-example, CLB",
            "multi-value, CLB",
            "set-cookie, CLB",
            "png-image, CLB",
            "go-nulls, CLB",
            "unicode-text, CLB",
            "functiongraph-default-base64, FUNCTION_GRAPH",
            "functiongraph-plain, FUNCTION_GRAPH",
            "png-image, FUNCTION_GRAPH",
        })
        void validValuesRenderTheGoldenBytes(String name, Dialect dialect) {
            ResponseDecoder decoder = ResponseDecoder.builder().dialect(dialect).build();
            DecodeResult result = decoder.decode(resource("response/valid/" + name + ".json"));
            byte[] expected = resource("response/valid/" + name + ".expected");
            assertThat(utf8(render(valid(result).response()))).isEqualTo(utf8(expected));
            assertThat(render(result.response())).isEqualTo(expected);
        }

        @Test
        void pngBodyIsTheImage() {
            DecodeResult result = CLB.decode(resource("response/valid/png-image.json"));
            assertThat(result.response().body()).isEqualTo(resource("image.png"));
        }

        /** The malformed vectors, one per file under response/malformed/: name, reason, path. */
        static final String MALFORMED = """
                empty                    | MALFORMED_JSON        | $
                whitespace-only          | MALFORMED_JSON        | $
                not-json                 | MALFORMED_JSON        | $
                single-quotes            | MALFORMED_JSON        | $
                trailing-comma           | MALFORMED_JSON        | $
                byte-order-mark          | MALFORMED_JSON        | $
                nul-byte                 | MALFORMED_JSON        | $
                utf16                    | MALFORMED_JSON        | $
                invalid-utf8             | INVALID_UTF8          | $
                overlong-utf8            | INVALID_UTF8          | $
                trailing-garbage         | TRAILING_CONTENT      | $
                trailing-object          | TRAILING_CONTENT      | $
                array                    | NOT_AN_OBJECT         | $
                string                   | NOT_AN_OBJECT         | $
                number                   | NOT_AN_OBJECT         | $
                null                     | NOT_AN_OBJECT         | $
                status-missing           | MISSING_STATUS_CODE   | $.statusCode
                status-null              | MISSING_STATUS_CODE   | $.statusCode
                status-string            | BAD_STATUS_CODE       | $.statusCode
                status-float             | BAD_STATUS_CODE       | $.statusCode
                status-exponent          | BAD_STATUS_CODE       | $.statusCode
                status-negative          | BAD_STATUS_CODE       | $.statusCode
                status-too-small         | BAD_STATUS_CODE       | $.statusCode
                status-too-large         | BAD_STATUS_CODE       | $.statusCode
                status-huge              | BAD_STATUS_CODE       | $.statusCode
                status-boolean           | BAD_STATUS_CODE       | $.statusCode
                status-leading-zero      | MALFORMED_JSON        | $.statusCode
                base64-flag-string       | BAD_IS_BASE64_ENCODED | $.isBase64Encoded
                base64-flag-number       | BAD_IS_BASE64_ENCODED | $.isBase64Encoded
                headers-array            | BAD_HEADERS           | $.headers
                headers-string           | BAD_HEADERS           | $.headers
                header-number            | BAD_HEADER_VALUE      | $.headers.X-Count
                header-object            | BAD_HEADER_VALUE      | $.headers.X-Obj
                header-null              | BAD_HEADER_VALUE      | $.headers.X-Null
                header-array-number      | BAD_HEADER_VALUE      | $.headers.Set-Cookie[1]
                header-array-nested      | BAD_HEADER_VALUE      | $.headers.Set-Cookie[1]
                header-name-space        | BAD_HEADER_NAME       | $.headers['Bad Name']
                header-name-colon        | BAD_HEADER_NAME       | $.headers['X-A:']
                header-name-empty        | BAD_HEADER_NAME       | $.headers['']
                header-name-non-ascii    | BAD_HEADER_NAME       | $.headers['X-Café']
                header-value-cr          | BAD_HEADER_VALUE      | $.headers.X-A
                header-value-lf          | BAD_HEADER_VALUE      | $.headers.Location
                header-value-nul         | BAD_HEADER_VALUE      | $.headers.X-A
                header-value-del         | BAD_HEADER_VALUE      | $.headers.X-A
                header-array-value-crlf  | BAD_HEADER_VALUE      | $.headers.Set-Cookie[1]
                body-number              | BAD_BODY              | $.body
                body-object              | BAD_BODY              | $.body
                body-array               | BAD_BODY              | $.body
                base64-bad-char          | BAD_BASE64            | $.body
                base64-url-safe          | BAD_BASE64            | $.body
                base64-line-break        | BAD_BASE64            | $.body
                base64-bad-length        | BAD_BASE64            | $.body
                base64-bad-padding       | BAD_BASE64            | $.body
                base64-inner-padding     | BAD_BASE64            | $.body
                duplicate-status         | DUPLICATE_KEY         | $.statusCode
                duplicate-header         | DUPLICATE_KEY         | $.headers.X-A
                duplicate-in-unknown     | DUPLICATE_KEY         | $.extra[0].k
                unknown-malformed        | MALFORMED_JSON        | $.extra[1]
                unterminated             | MALFORMED_JSON        | $.body
                nan                      | MALFORMED_JSON        | $.extra
                comment                  | MALFORMED_JSON        | $
                """;

        @ParameterizedTest(name = "{0}: {1} at {2}")
        @CsvSource(delimiter = '|', textBlock = MALFORMED)
        void malformedValuesRenderTheClbErrorAndSayWhy(String name, InvalidReason reason, String path) {
            DecodeResult.Invalid result = invalid(CLB.decode(resource("response/malformed/" + name + ".json")));
            assertThat(result.reason()).as(result.toString()).isEqualTo(reason);
            assertThat(result.path()).as(result.toString()).isEqualTo(path);
            assertThat(result.detail()).isNotBlank().doesNotContainPattern("[\\x00-\\x1f]");
            assertThat(render(result.response())).isEqualTo(resource("response/clb-error.expected"));
        }

        @Test
        void everyMalformedVectorIsInTheTable() throws Exception {
            java.net.URL dir = ResponseDecoderTests.class.getResource("/response/malformed");
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
                assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.json$", "")))
                        .containsExactlyInAnyOrderElementsOf(MALFORMED.lines().map(l -> l.split("\\|")[0].strip())
                                .toList());
            }
        }

        @Test
        void functionGraphErrorIsItsOwn() {
            DecodeResult result = FUNCTION_GRAPH.decode(resource("response/malformed/status-float.json"));
            assertThat(invalid(result).reason()).isEqualTo(InvalidReason.BAD_STATUS_CODE);
            assertThat(render(result.response())).isEqualTo(resource("response/functiongraph-error.expected"));
            assertThat(FUNCTION_GRAPH.errorResponse()).isEqualTo(result.response());
        }
    }

    @Nested
    class Rules {

        @Test
        void aMalformedValueSaysWhereTheOpenContainerStartedWithoutJacksonsSourcePlaceholder() {
            DecodeResult.Invalid result = invalid(CLB.decode(
                    "{\"statusCode\":200,\"x\":[}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(result.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
            assertThat(result.detail()).isEqualTo("Unexpected close marker '}': expected ']' (for Array starting at "
                    + "[line: 1, column: 23]) (byte 23)");
        }

        @Test
        void clbErrorResponseIsExact() {
            HttpResponse error = CLB.errorResponse();
            assertThat(error.statusCode()).isEqualTo(403);
            assertThat(error.headers()).containsExactly(new Header("Content-Type", "application/json"));
            assertThat(utf8(error.body())).isEqualTo(CLB_ERROR_BODY);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                200           | 200
                599           | 599
                ' 404 '       | 404
                """)
        void statusCodeIntegers(String literal, int expected) {
            assertThat(valid(decode("{\"statusCode\":" + literal + "}")).response().statusCode()).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                zero              | 0
                one hundred minus | 99
                continue          | 100
                switching         | 101
                early hints       | 103
                one ninety-nine   | 199
                six hundred       | 600
                four digits       | 1000
                float             | 200.0
                exponent          | 2e2
                negative zero     | -0
                string            | '"200"'
                array             | [200]
                object            | {"code":200}
                """)
        void statusCodeNonIntegersAreRejected(String name, String literal) {
            DecodeResult.Invalid result = invalid(decode("{\"statusCode\":" + literal + "}"));
            assertThat(result.reason()).isEqualTo(InvalidReason.BAD_STATUS_CODE);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                no body              | {"statusCode":200,"headers":{}}                         | $.body
                null body            | {"statusCode":200,"headers":{},"body":null}             | $.body
                no headers           | {"statusCode":200,"body":""}                            | $.headers
                null headers         | {"statusCode":200,"headers":null,"body":""}             | $.headers
                """)
        void functionGraphRequiresBodyAndHeadersWhereClbTakesThemAsEmpty(String name, String json, String path) {
            DecodeResult.Invalid result = invalid(FUNCTION_GRAPH.decode(json.getBytes(StandardCharsets.UTF_8)));
            assertThat(result.reason()).isEqualTo(InvalidReason.MISSING_MEMBER);
            assertThat(result.path()).isEqualTo(path);
            assertThat(valid(decode(json)).response().statusCode()).isEqualTo(200);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                trailing comma           | {"statusCode":200,}                         | MALFORMED_JSON | $
                comment after a value    | {"statusCode":200 /* x */}                  | MALFORMED_JSON | $
                trailing comma, headers  | {"statusCode":200,"headers":{"a":"b",}}     | MALFORMED_JSON | $.headers
                inside a value           | {"statusCode":200,"body":"x\\q"}           | MALFORMED_JSON | $.body
                """)
        void aFailureBetweenMembersIsTheObjectsNotTheMemberBefore(String name, String json, InvalidReason reason,
                String path) {
            DecodeResult.Invalid result = invalid(decode(json));
            assertThat(result.reason()).isEqualTo(reason);
            assertThat(result.path()).isEqualTo(path);
        }

        @Test
        void aNameOverTheLimitIsTheObjectsLimit() {
            String json = "{\"statusCode\":200,\"" + "n".repeat(JacksonSetup.MAX_NAME_LENGTH + 1) + "\":1}";
            DecodeResult.Invalid result = invalid(decode(json));
            assertThat(result.reason()).isEqualTo(InvalidReason.LIMIT_EXCEEDED);
            assertThat(result.path()).isEqualTo("$");
        }

        @ParameterizedTest(name = "{0}: isBase64Encoded {1} -> {2}")
        @CsvSource(delimiter = '|', textBlock = """
                CLB            | absent | aGk=
                CLB            | null   | aGk=
                CLB            | false  | aGk=
                CLB            | true   | hi
                FUNCTION_GRAPH | absent | hi
                FUNCTION_GRAPH | null   | hi
                FUNCTION_GRAPH | false  | aGk=
                FUNCTION_GRAPH | true   | hi
                """)
        void base64DefaultDependsOnTheDialect(Dialect dialect, String flag, String body) {
            String member = flag.equals("absent") ? "" : ",\"isBase64Encoded\":" + flag;
            String json = "{\"statusCode\":200,\"headers\":{},\"body\":\"aGk=\"" + member + "}";
            ResponseDecoder decoder = ResponseDecoder.builder().dialect(dialect).build();
            assertThat(utf8(valid(decoder.decode(json.getBytes(StandardCharsets.UTF_8))).response().body()))
                    .isEqualTo(body);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                padded             | aGVsbG8=   | hello
                unpadded           | aGVsbG8    | hello
                two pads           | aGVsbA==   | hell
                two pads missing   | aGVsbA     | hell
                no remainder       | aGVs       | hel
                empty              | ''         | ''
                plus and slash     | +/+/       | ???
                leftover bits      | QR==       | A
                """)
        void acceptedBase64Forms(String name, String base64, String expected) {
            String json = "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"" + base64 + "\"}";
            byte[] body = valid(decode(json)).response().body();
            if (name.equals("plus and slash")) {
                assertThat(body).isEqualTo(Base64.getDecoder().decode(base64));
            } else {
                assertThat(utf8(body)).isEqualTo(expected);
            }
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                space                | aGVs bG8=
                trailing newline     | aGVsbG8=\\n
                CRLF inside          | aGVs\\r\\nbG8=
                url-safe dash        | a-Vs
                url-safe underscore  | a_Vs
                single leftover      | aGVsb
                three pads           | aG===
                pad in the middle    | aG==aGVs
                lone pad             | =
                non-ASCII            | aGVsé
                """)
        void rejectedBase64Forms(String name, String base64) {
            String json = "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"" + base64 + "\"}";
            DecodeResult.Invalid result = invalid(decode(json));
            assertThat(result.reason()).isEqualTo(InvalidReason.BAD_BASE64);
            assertThat(result.path()).isEqualTo("$.body");
        }

        @Test
        void hopByHopHeadersAndContentLengthAreDroppedInAnyCase() {
            DecodeResult result = decode("{\"statusCode\":200,\"headers\":{\"connection\":\"close\",\"KEEP-ALIVE\":"
                    + "\"5\",\"Transfer-Encoding\":\"chunked\",\"Upgrade\":\"h2c\",\"Proxy-Connection\":\"x\","
                    + "\"te\":\"trailers\",\"Trailer\":\"X\",\"content-length\":\"1\",\"X-Kept\":\"yes\"}}");
            assertThat(valid(result).response().headers()).containsExactly(new Header("X-Kept", "yes"));
        }

        @Test
        void droppedHeadersAreStillChecked() {
            DecodeResult.Invalid result = invalid(decode(
                    "{\"statusCode\":200,\"headers\":{\"Content-Length\":\"1\\r\\nX-Evil: 1\"}}"));
            assertThat(result.reason()).isEqualTo(InvalidReason.BAD_HEADER_VALUE);
        }

        @Test
        void headerValuesMayHoldTabsSpacesAndNonAscii() {
            DecodeResult result = decode("{\"statusCode\":200,\"headers\":{\"X-A\":\" a\\tb \",\"X-B\":\"caf\u00e9\","
                    + "\"X-C\":\"\"}}");
            assertThat(valid(result).response().headers()).containsExactly(new Header("X-A", " a\tb "),
                    new Header("X-B", "caf\u00e9"), new Header("X-C", ""));
        }

        @Test
        void membersAreCaseSensitive() {
            DecodeResult.Invalid result = invalid(decode("{\"StatusCode\":200}"));
            assertThat(result.reason()).isEqualTo(InvalidReason.MISSING_STATUS_CODE);
        }

        @Test
        void firstProblemInDocumentOrderIsReported() {
            DecodeResult.Invalid result = invalid(decode("{\"body\":1,\"statusCode\":\"x\"}"));
            assertThat(result.reason()).isEqualTo(InvalidReason.BAD_BODY);
        }

        @Test
        void nullInputIsMalformed() {
            assertThat(invalid(CLB.decode(null)).reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        }

        @Test
        void invalidToStringIsALogLine() {
            DecodeResult.Invalid result = invalid(decode("{\"statusCode\":200,\"headers\":{\"X\":[\"a\",1]}}"));
            assertThat(result.toString())
                    .isEqualTo("BAD_HEADER_VALUE at $.headers.X[1]: must be a string, was a number");
        }
    }

    @Nested
    class Limits {

        private String base64Body(int bytes) {
            return "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\""
                    + Base64.getEncoder().encodeToString(new byte[bytes]) + "\"}";
        }

        @Test
        void decodedBodyOfExactlySixMebibytesIsAccepted() {
            assertThat(valid(decode(base64Body(6 * 1024 * 1024))).response().bodyLength()).isEqualTo(6 * 1024 * 1024);
        }

        @Test
        void decodedBodyOverSixMebibytesIsRejected() {
            DecodeResult.Invalid result = invalid(decode(base64Body(6 * 1024 * 1024 + 1)));
            assertThat(result.reason()).isEqualTo(InvalidReason.BODY_TOO_LARGE);
            assertThat(result.path()).isEqualTo("$.body");
            assertThat(utf8(result.response().body())).isEqualTo(CLB_ERROR_BODY);
        }

        @ParameterizedTest(name = "limit {0}, text body {1} bytes")
        @CsvSource({"10, 10, true", "10, 11, false", "0, 0, true", "0, 1, false"})
        void textBodyIsMeasuredInUtf8Bytes(int limit, int bytes, boolean accepted) {
            ResponseDecoder decoder = CLB.newBuilder().maxBodyBytes(limit).build();
            String body = "é".repeat(bytes / 2) + "a".repeat(bytes % 2);
            DecodeResult result = decoder.decode(("{\"statusCode\":200,\"body\":\"" + body + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            if (accepted) {
                assertThat(valid(result).response().bodyLength()).isEqualTo(bytes);
            } else {
                assertThat(invalid(result).reason()).isEqualTo(InvalidReason.BODY_TOO_LARGE);
            }
        }

        @Test
        void stringOverTheLimitIsBodyTooLargeInTheBody() {
            ResponseDecoder decoder = CLB.newBuilder().maxStringLength(100).build();
            DecodeResult.Invalid result = invalid(decoder.decode(
                    ("{\"statusCode\":200,\"body\":\"" + "a".repeat(101) + "\"}").getBytes(StandardCharsets.UTF_8)));
            assertThat(result.reason()).isEqualTo(InvalidReason.BODY_TOO_LARGE);
        }

        @Test
        void headerValueOverTheStringLimitIsALimit() {
            ResponseDecoder decoder = CLB.newBuilder().maxStringLength(100).build();
            DecodeResult.Invalid result = invalid(decoder.decode(("{\"statusCode\":200,\"headers\":{\"X\":\""
                    + "a".repeat(101) + "\"}}").getBytes(StandardCharsets.UTF_8)));
            assertThat(result.reason()).isEqualTo(InvalidReason.LIMIT_EXCEEDED);
            assertThat(result.path()).isEqualTo("$.headers.X");
        }

        @ParameterizedTest(name = "depth {0}")
        @CsvSource({"511, true", "512, true", "513, false", "100000, false"})
        void nestingIsBounded(int depth, boolean accepted) {
            String json = "{\"statusCode\":200,\"x\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
            DecodeResult result = decode(json);
            if (accepted) {
                valid(result);
            } else {
                assertThat(invalid(result).reason()).isEqualTo(InvalidReason.LIMIT_EXCEEDED);
            }
        }

        @Test
        void defaultsAndDerivedStringLimit() {
            assertThat(CLB.maxBodyBytes()).isEqualTo(6 * 1024 * 1024);
            assertThat(CLB.maxDepth()).isEqualTo(512);
            assertThat(CLB.maxStringLength()).isEqualTo(8 * 1024 * 1024);
            assertThat(CLB.newBuilder().maxBodyBytes(3).build().maxStringLength()).isEqualTo(65_536);
            assertThat(CLB.newBuilder().maxStringLength(7).build().newBuilder().maxBodyBytes(1).build()
                    .maxStringLength()).isEqualTo(7);
            assertThat(FUNCTION_GRAPH.newBuilder().build().dialect()).isEqualTo(Dialect.FUNCTION_GRAPH);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"maxBodyBytes -1", "maxBodyBytes 1073741825", "maxDepth 1", "maxDepth 10001",
                "maxStringLength 0"})
        void builderRejectsOutOfRangeLimits(String setting) {
            String[] parts = setting.split(" ");
            int value = Integer.parseInt(parts[1]);
            ResponseDecoder.Builder builder = ResponseDecoder.builder();
            assertThatThrownBy(() -> {
                switch (parts[0]) {
                    case "maxBodyBytes" -> builder.maxBodyBytes(value);
                    case "maxDepth" -> builder.maxDepth(value);
                    default -> builder.maxStringLength(value);
                }
            }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(parts[0]);
        }
    }

    @Nested
    class Properties {

        @ParameterizedTest
        @EnumSource(Dialect.class)
        void arbitraryBytesNeverThrow(Dialect dialect) {
            ResponseDecoder decoder = ResponseDecoder.builder().dialect(dialect).build();
            qt().forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 200))
                    .checkAssert(ints -> assertOnlyValidOrError(decoder, EventEncoderTests.toBytes(ints)));
        }

        @ParameterizedTest
        @EnumSource(Dialect.class)
        void arbitraryJsonNeverThrows(Dialect dialect) {
            ResponseDecoder decoder = ResponseDecoder.builder().dialect(dialect).maxDepth(8).build();
            qt().withExamples(2000).forAll(RandomJson.values(5))
                    .checkAssert(json -> assertOnlyValidOrError(decoder, json.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void arbitraryResponseShapedJsonNeverThrows() {
            qt().withExamples(2000).forAll(RandomJson.responseShaped())
                    .checkAssert(json -> assertOnlyValidOrError(CLB, json.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void mutatedValidValuesNeverThrow() {
            byte[] valid = resource("response/valid/set-cookie.json");
            qt().forAll(integers().between(0, valid.length - 1), integers().between(0, 255),
                            integers().between(0, valid.length))
                    .checkAssert((at, value, cut) -> {
                        byte[] mutated = valid.clone();
                        mutated[at] = (byte) (int) value;
                        assertOnlyValidOrError(CLB, java.util.Arrays.copyOf(mutated, cut));
                    });
        }

        @Test
        void multiValuedHeadersKeepCountAndOrder() {
            qt().forAll(lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 10)).ofSizeBetween(0, 20))
                    .checkAssert(values -> {
                        StringBuilder json = new StringBuilder("{\"statusCode\":200,\"headers\":{\"X-Single\":\"s\","
                                + "\"Set-Cookie\":[");
                        for (int i = 0; i < values.size(); i++) {
                            json.append(i == 0 ? "" : ",").append(JsonText.quote(values.get(i)));
                        }
                        json.append("],\"X-After\":\"a\"}}");
                        List<Header> expected = new ArrayList<>();
                        expected.add(new Header("X-Single", "s"));
                        values.forEach(v -> expected.add(new Header("Set-Cookie", v)));
                        expected.add(new Header("X-After", "a"));
                        assertThat(valid(decode(json.toString())).response().headers())
                                .containsExactlyElementsOf(expected);
                    });
        }

        private void assertOnlyValidOrError(ResponseDecoder decoder, byte[] input) {
            DecodeResult result = decoder.decode(input);
            if (result instanceof DecodeResult.Invalid invalid) {
                assertThat(invalid.response()).isEqualTo(decoder.errorResponse());
                assertThat(invalid.path()).startsWith("$");
                assertThat(invalid.detail()).doesNotContainPattern("[\\x00-\\x1f]");
                assertThat(invalid.detail()).doesNotStartWith("internal error");
            } else {
                HttpResponse response = result.response();
                assertThat(response.statusCode()).isBetween(200, 599);
                assertThat(response.bodyLength()).isLessThanOrEqualTo(decoder.maxBodyBytes());
                for (Header header : response.headers()) {
                    assertThat(io.github.clbtrigger.common.HttpTokens.isToken(header.name())).isTrue();
                    assertThat(HttpSyntax.firstBadValueChar(header.value())).isNegative();
                }
            }
        }
    }
}
