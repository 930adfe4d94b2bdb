package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * The decoder's fast path ({@link ResponseScanner}: no Jackson, the JDK's Base64 on the input bytes) against the Jackson
 * path it stands in for: whenever the fast path answers, the Jackson path must give the same valid response; and for
 * ordinary responses it must answer.
 */
class DecoderFastPathTests {

    private static final List<ResponseDecoder> DECODERS = List.of(
            ResponseDecoder.builder().build(),
            ResponseDecoder.builder().dialect(Dialect.FUNCTION_GRAPH).build(),
            ResponseDecoder.builder().maxBodyBytes(8).maxStringLength(12).maxDepth(2).build(),
            ResponseDecoder.builder().maxBodyBytes(3).build());

    /** Checks the two paths on one value; returns whether the fast path answered (for the default decoder). */
    private static boolean assertSamePaths(byte[] value) {
        boolean answered = false;
        for (ResponseDecoder decoder : DECODERS) {
            ResponseScanner.Result scanned = ResponseScanner.scan(value, decoder.dialect(), decoder.maxBodyBytes(),
                    decoder.maxDepth(), decoder.maxStringLength());
            DecodeResult slow = decoder.decodeWithJackson(value);
            if (scanned instanceof ResponseScanner.Decided decided) {
                HttpResponse fast = decided.response();
                assertThat(slow).as(new String(value, StandardCharsets.UTF_8)).isInstanceOf(DecodeResult.Valid.class);
                assertThat(fast).isEqualTo(slow.response());
                assertThat(fast.headers()).isEqualTo(slow.response().headers());
                answered |= decoder == DECODERS.get(0);
            }
            assertThat(decoder.decode(value)).isEqualTo(slow);
        }
        return answered;
    }

    /** Valid-looking responses with escapes, whitespace, unknown members, arrays and Base64 bodies. */
    static Gen<String> responses() {
        Gen<List<String>> texts = lists().of(strings().allPossible().ofLengthBetween(0, 10)).ofSizeBetween(1, 6);
        return in -> {
            List<String> words = texts.generate(in);
            String ws = List.of("", " ", "\n\t", "\r\n ").get((int) in.next(Constraint.between(0, 3)));
            StringBuilder json = new StringBuilder(ws).append('{').append(ws);
            json.append("\"statusCode\"").append(ws).append(':').append(ws)
                    .append(List.of("200", "404", "599", "100", "200.0", "2e2", "0200", "-200", "600", "null", "\"200\"")
                            .get((int) in.next(Constraint.between(0, 10))));
            boolean base64 = in.next(Constraint.between(0, 1)) == 0;
            int order = (int) in.next(Constraint.between(0, 2));
            if (order != 1) {
                json.append(',').append("\"isBase64Encoded\":").append(base64);
            }
            json.append(ws).append(",\"headers\":{");
            for (int i = 0; i < words.size() - 1; i++) {
                String name = List.of("Content-Type", "Set-Cookie", "X-A", "Connection", "content-length", "X A",
                        words.get(i)).get((int) in.next(Constraint.between(0, 6)));
                json.append(i == 0 ? "" : ",").append(ws).append(JsonText.quote(name)).append(':');
                if (in.next(Constraint.between(0, 3)) == 0) {
                    json.append("[").append(JsonText.quote(words.get(i))).append(',').append(ws)
                            .append(escapeSome(in, JsonText.quote(words.get(i + 1)))).append(']');
                } else {
                    json.append(escapeSome(in, JsonText.quote(words.get(i))));
                }
            }
            json.append("},");
            if (in.next(Constraint.between(0, 3)) == 0) {
                json.append("\"extra\":").append(List.of("1", "-0.5e3", "true", "null", "\"x\"", "{}", "[1]", "01")
                        .get((int) in.next(Constraint.between(0, 7)))).append(',');
            }
            String text = words.get(words.size() - 1);
            String body = base64 ? Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))
                    : escapeSome(in, JsonText.quote(text));
            json.append("\"body\":").append(base64 ? "\"" + body + "\"" : body);
            if (order == 1) {
                json.append(',').append("\"isBase64Encoded\":").append(base64);
            }
            return json.append(ws).append('}').append(ws).toString();
        };
    }

    /** Turns some characters of a JSON string literal into backslash-u escapes. */
    private static String escapeSome(org.quicktheories.core.RandomnessSource in, String literal) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c == '\\') {
                out.append(c).append(literal.charAt(++i));
            } else if (in.next(Constraint.between(0, 9)) == 0) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * Valid-looking responses of every shape the scanner takes, over both dialects: any final or non-final status,
     * {@code isBase64Encoded} absent, null, true or false, headers absent, null or an object of distinct token names
     * (dropped ones and arrays included), a text or Base64 body with or without escapes, unknown scalar members. The
     * scanner must decide most of them, and wherever it decides, the Jackson reader must accept with the same
     * response; wherever it does not, the decoder's answer is the Jackson reader's.
     */
    static Gen<String> validShapedResponses() {
        Gen<String> texts = strings().betweenCodePoints(0x20, 0x2FFF).ofLengthBetween(0, 12);
        Gen<List<String>> words = lists().of(texts).ofSizeBetween(7, 7);
        List<String> names = List.of("Content-Type", "Set-Cookie", "X-Request-Id", "Connection", "Content-Length",
                "x-lower", "TE", "Cache-Control", "X-A");
        return in -> {
            List<String> word = words.generate(in);
            List<String> members = new java.util.ArrayList<>();
            int status = (int) in.next(Constraint.between(95, 605));
            members.add("\"statusCode\":" + status);
            int base64 = (int) in.next(Constraint.between(0, 3)); // absent, null, true, false
            if (base64 > 0) {
                members.add("\"isBase64Encoded\":" + List.of("null", "true", "false").get(base64 - 1));
            }
            int headers = (int) in.next(Constraint.between(0, 2)); // absent, null, object
            if (headers == 1) {
                members.add("\"headers\":null");
            } else if (headers == 2) {
                StringBuilder object = new StringBuilder("\"headers\":{");
                int count = (int) in.next(Constraint.between(0, 5));
                int first = (int) in.next(Constraint.between(0, names.size() - 1));
                for (int i = 0; i < count; i++) {
                    object.append(i == 0 ? "" : ",").append(JsonText.quote(names.get((first + i) % names.size())))
                            .append(':');
                    String value = escapeSome(in, JsonText.quote(word.get(i)));
                    if (in.next(Constraint.between(0, 2)) == 0) {
                        object.append('[').append(value).append(i % 2 == 0 ? "" : "," + JsonText.quote(word.get(6)))
                                .append(']');
                    } else {
                        object.append(value);
                    }
                }
                members.add(object.append('}').toString());
            }
            int body = (int) in.next(Constraint.between(0, 3)); // absent, null, text, Base64
            if (body == 1) {
                members.add("\"body\":null");
            } else if (body == 2) {
                members.add("\"body\":" + escapeSome(in, JsonText.quote(word.get(5))));
            } else if (body == 3) {
                String encoded = Base64.getEncoder().encodeToString(word.get(5).getBytes(StandardCharsets.UTF_8));
                members.add("\"body\":\"" + (in.next(Constraint.between(0, 1)) == 0 ? encoded
                        : encoded.replace("/", "\\/")) + "\"");
            }
            if (in.next(Constraint.between(0, 2)) == 0) {
                members.add("\"extra\":" + List.of("1", "-0.5e3", "true", "null", "\"x\"")
                        .get((int) in.next(Constraint.between(0, 4))));
            }
            java.util.Collections.rotate(members, (int) in.next(Constraint.between(0, members.size() - 1)));
            String ws = List.of("", " ", "\n\t").get((int) in.next(Constraint.between(0, 2)));
            return ws + "{" + ws + String.join("," + ws, members) + ws + "}" + ws;
        };
    }

    @Test
    void validShapedResponsesAreDecidedByTheScannerAsByTheJacksonReader() {
        int[] decided = new int[1];
        int examples = 4000;
        qt().withExamples(examples).forAll(validShapedResponses()).checkAssert(json -> {
            if (assertSamePaths(json.getBytes(StandardCharsets.UTF_8))) {
                decided[0]++;
            }
        });
        // The default decoder refuses a status outside 200-599 and a text body under isBase64Encoded true; the
        // scanner decides about 2,900 of the 4,000 (the rest are those refusals and FunctionGraph's missing members).
        // Half still fails a generator, or a scanner, that stops reaching the fast path.
        assertThat(decided[0]).as("scanner decides").isGreaterThan(examples / 2);
    }

    @Test
    void generatedResponsesDecodeTheSameOnBothPaths() {
        int[] answered = new int[1];
        qt().withExamples(5000).forAll(responses()).checkAssert(json -> {
            if (assertSamePaths(json.getBytes(StandardCharsets.UTF_8))) {
                answered[0]++;
            }
        });
        // About 230 of the 5000 take the fast path (sd ~15 over runs): 200 failed one run in a few dozen. 100 still
        // fails a generator that stops reaching the fast path.
        assertThat(answered[0]).as("fast path answers").isGreaterThan(100);
    }

    @Test
    void mutatedResponsesDecodeTheSameOnBothPaths() {
        qt().withExamples(5000).forAll(responses(), integers().between(0, 10_000), integers().between(0, 255))
                .checkAssert((json, where, value) -> {
                    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                    bytes[where % bytes.length] = (byte) (int) value;
                    assertSamePaths(bytes);
                });
    }

    @Test
    void fuzzedAndRandomJsonDecodeTheSameOnBothPaths() {
        qt().withExamples(3000).forAll(ResponseFuzzTests.RESPONSES).checkAssert(DecoderFastPathTests::assertSamePaths);
        qt().withExamples(3000).forAll(RandomJson.responseShaped())
                .checkAssert(json -> assertSamePaths(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void base64BodiesOfAnyBytes() {
        qt().forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 100), integers().between(0, 3))
                .checkAssert((values, cut) -> {
                    byte[] bytes = new byte[values.size()];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) (int) values.get(i);
                    }
                    String encoded = Base64.getEncoder().encodeToString(bytes);
                    encoded = encoded.substring(0, Math.max(0, encoded.length() - cut));
                    assertSamePaths(("{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"" + encoded + "\"}")
                            .getBytes(StandardCharsets.US_ASCII));
                });
    }

    @Test
    void longStringsWithManyEscapesDecodeTheSameOnBothPaths() {
        Gen<String> texts = strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, 400)
                .mix(strings().allPossible().ofLengthBetween(0, 400), 40);
        qt().withExamples(2000).forAll(texts, integers().between(0, 2)).checkAssert((text, spread) -> {
            String quoted = JsonText.quote(text.replace("x", "\"").replace("y", "\\").replace("z", "/"));
            String value = "{\"statusCode\":200,\"headers\":{\"X-A\":" + (spread == 0 ? quoted : "\"v\"")
                    + "},\"body\":" + (spread == 1 ? "\"b\"" : quoted) + "}";
            boolean answered = assertSamePaths(value.getBytes(StandardCharsets.UTF_8));
            if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                assertThat(answered).as(value).isTrue();
            }
        });
    }

    @Test
    void headerNamesAreCheckedOnTheirBytesAsOnTheirText() {
        Gen<String> names = strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, 20)
                .mix(qtNames(), 50);
        qt().withExamples(5000).forAll(names).checkAssert(name -> {
            byte[] bytes = ("." + name + ".").getBytes(StandardCharsets.ISO_8859_1);
            int stop = bytes.length - 1;
            assertThat(io.github.clbtrigger.common.HttpTokens.isToken(bytes, 1, stop)).isEqualTo(io.github.clbtrigger.common.HttpTokens.isToken(name));
            String known = HeaderNames.known(bytes, 1, stop);
            if (known != null) {
                assertThat(known).isEqualTo(name);
                assertThat(io.github.clbtrigger.common.HttpTokens.isToken(name)).isTrue();
                assertThat(ResponseAssembler.keeps(bytes, 1, stop)).isTrue();
            }
            assertThat(ResponseAssembler.keeps(bytes, 1, stop))
                    .isEqualTo(!ResponseAssembler.DROPPED_HEADERS.contains(HttpSyntax.lower(name)));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "content-type", "Cache-Control", "Set-Cookie", "set-cookie", "ETag",
        "etag", "X-Request-Id", "Access-Control-Allow-Origin", "WWW-Authenticate", "www-authenticate"})
    void commonHeaderNamesAreShared(String name) {
        byte[] bytes = ("\"" + name + "\"").getBytes(StandardCharsets.US_ASCII);
        String first = HeaderNames.known(bytes, 1, bytes.length - 1);
        assertThat(first).isEqualTo(name).isSameAs(HeaderNames.known(bytes.clone(), 1, bytes.length - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"content-TYPE", "Content-Typ", "Content-Types", "X", "Etag", "X-Custom"})
    void otherHeaderNamesAreNotKnown(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        assertThat(HeaderNames.known(bytes, 0, bytes.length)).isNull();
    }

    @Test
    void wordsFlagTheirFirstSpecialByte() {
        qt().withExamples(20_000).forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 20))
                .checkAssert(values -> {
                    int n = values.size();
                    byte[] bytes = new byte[n];
                    int special = n;
                    int specialOrDel = n;
                    for (int k = n - 1; k >= 0; k--) {
                        int c = values.get(k);
                        // mostly printable ASCII, so that the special byte falls anywhere
                        bytes[k] = (byte) (c < 192 ? 0x20 + c % 0x60 : c);
                        int b = bytes[k] & 0xff;
                        if (b < 0x20 || b == '"' || b == '\\' || b >= 0x80) {
                            special = k;
                            specialOrDel = k;
                        } else if (b == 0x7f) {
                            specialOrDel = k;
                        }
                    }
                    assertThat(Swar.firstSpecial(bytes, 0, n, false)).isEqualTo(special);
                    assertThat(Swar.firstSpecial(bytes, 0, n, true)).isEqualTo(specialOrDel);
                    if (n >= 8) {
                        long word = Swar.get(bytes, 0);
                        long mask = Swar.specials(word);
                        long maskOrDel = Swar.specialsOrDel(word);
                        assertThat(mask == 0 ? 8 : Swar.firstFlagged(mask)).isEqualTo(Math.min(special, 8));
                        assertThat(maskOrDel == 0 ? 8 : Swar.firstFlagged(maskOrDel))
                                .isEqualTo(Math.min(specialOrDel, 8));
                    }
                });
    }

    /** The dropped names in mixed case, and near misses. */
    private static Gen<String> qtNames() {
        List<String> base = List.of("Connection", "KEEP-ALIVE", "transfer-Encoding", "Upgrade", "Proxy-Connection",
                "TE", "Trailer", "Content-Length", "Content-Lengtj", "Connectio", "T", "Trailers", "X-Upgrade");
        return integers().between(0, base.size() - 1).map(base::get);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"isBase64Encoded\":false,\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\"},"
            + "\"body\":\"{\\\"ok\\\":true}\"}",
        "{\"statusCode\":200}",
        "{\"statusCode\":204,\"headers\":null,\"body\":null,\"isBase64Encoded\":null}",
        "{\"statusCode\":200,\"headers\":{\"Set-Cookie\":[\"a=1\",\"b=2\"],\"X-Empty\":[]},\"body\":\"h\u00e9\"}",
        "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"aGVsbG8\"}",
        "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"QR==\"}",
        "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"aGVsbG8\\/\"}",
        "{\"statusCode\":200,\"other\":\"\\u00e9\",\"more\":-1.5E+3,\"body\":\"\\u00e9\\/\"}",
    })
    void ordinaryResponsesTakeTheFastPath(String json) {
        assertThat(assertSamePaths(json.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"statusCode\":200,\"statusCode\":200}", "{\"statusCode\":200,\"x\":1,\"x\":2}", "{\"statusCode\":200} x",
        "\ufeff{\"statusCode\":200}", "{\"statusCode\":200,\"body\":\"\\ud800\"}",
        "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"aGVs bG8=\"}",
        "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"aG=a\"}",
        "{\"statusCode\":200,\"headers\":{\"A\":\"1\",\"A\":\"2\"}}", "{\"statusCode\":200,\"headers\":{\"A\":\"\\r\"}}",
        "{\"statusCode\":200,\"headers\":{\"A\":\"\u007f\"}}",
        "{\"statusCode\":200,\"headers\":{\"A\":\"a\u007fb, the DEL more than eight bytes before the end\"}}",
        "{\"statusCode\":200,\"body\":\"123456789\"}",
        "{\"statusCode\":200,\"headers\":{\"A\":[\"x\"]}}", "{\"statusCode\":200,\"body\":\"\u0001\"}", "",
        "{\"statusCode\":200,\"headers\":{\"A\":\"\\ud83d\\ude00\"}}", "{\"statusCode\":200,\"\\u0062ody\":\"x\"}",
    })
    void unusualValuesAreLeftToJackson(String json) {
        assertSamePaths(json.getBytes(StandardCharsets.UTF_8));
    }
}
