package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * The integration-response rules of docs/codec.md ("What is valid") against oracles written in the test from the
 * documented wording — the RFC 7230 token grammar, the control-character rule, the dropped-header list, the status
 * range, the null-means-absent table of both dialects, the body limit in bytes — never the decoder's own helpers.
 * Responses are written with Jackson's generator, so any text is properly escaped.
 */
class ResponseRulePropertiesTests {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ResponseDecoder CLB = ResponseDecoder.builder().build();
    private static final ResponseDecoder FUNCTION_GRAPH = ResponseDecoder.builder()
            .dialect(Dialect.FUNCTION_GRAPH).build();

    /** RFC 7230 section 3.2.6: {@code token = 1*tchar}. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    /** docs/codec.md: tab, space, visible ASCII and anything from U+0080 up; every other control character refused. */
    private static final Pattern BAD_VALUE_CHAR = Pattern.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f]");
    /** docs/codec.md, "Dropped headers", compared ignoring ASCII case. */
    private static final Set<String> DROPPED = Set.of("content-length", "connection", "keep-alive",
            "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer");

    private static String asciiLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c)));
        return out.toString();
    }

    private static DecodeResult decode(ResponseDecoder decoder, String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Names: every tchar, every separator, controls, non-ASCII; the dropped names in mixed case and near misses. */
    private static final String NAME_CHARS = "aZ09!#$%&'*+-.^_`|~" + "()<>@,;:\\\"/[]?={} \t\u0000\u007f\u00e9\u0130";
    private static final List<String> NAME_WORDS = List.of("Content-Length", "CONNECTION", "keep-Alive",
            "Transfer-Encoding", "upgrade", "Proxy-Connection", "TE", "Trailer", "Set-Cookie", "set-cookie", "X-A",
            "Content-Lengths", "T", "Trailers", "Upgrade\u0000", "te ", "Conn\u0130ction");
    /** Values: tab, space, visible ASCII, every C0 control and DEL, C1 controls, Latin-1, other text. */
    private static final String VALUE_CHARS = "a Z\t=;\"\\" + "\u0000\u0001\u0008\n\u000b\r\u001b\u001f\u007f"
            + "\u0080\u0085\u009f\u00a0\u00e9\u2028\u4e2d\ud83d\ude00";

    private static Gen<String> textFrom(String alphabet, int max) {
        return in -> {
            int n = (int) in.next(Constraint.between(0, max));
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int at = (int) in.next(Constraint.between(0, alphabet.length() - 1));
                char c = alphabet.charAt(at);
                if (Character.isHighSurrogate(c)) {
                    s.append(c).append(alphabet.charAt(at + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    s.append(c);
                }
            }
            return s.toString();
        };
    }

    private static Gen<String> names() {
        Gen<String> words = integers().between(0, NAME_WORDS.size() - 1).map(NAME_WORDS::get);
        return words.mix(textFrom(NAME_CHARS, 6), 40);
    }

    /** One headers member: a name and a string, or an array of strings. */
    private record Member(String name, List<String> values, boolean array) {
    }

    @Test
    void headerNamesValuesAndDroppedHeadersFollowTheDocumentedRules() {
        Gen<Member> members = in -> {
            String name = names().generate(in);
            boolean array = in.next(Constraint.between(0, 3)) == 0;
            int n = array ? (int) in.next(Constraint.between(0, 3)) : 1;
            List<String> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // mostly clean values, so that valid responses are common
                values.add(in.next(Constraint.between(0, 2)) == 0 ? textFrom(VALUE_CHARS, 6).generate(in)
                        : textFrom("ab -=;\t\u00e9", 6).generate(in));
            }
            return new Member(name, values, array);
        };
        qt().withExamples(3000).forAll(lists().of(members).ofSizeBetween(0, 6), integers().between(0, 1))
                .checkAssert((generated, dialect) -> {
                    List<Member> list = new ArrayList<>();
                    Set<String> seen = new LinkedHashSet<>();
                    for (Member m : generated) {
                        if (seen.add(m.name())) {   // a repeated name is DUPLICATE_KEY, another rule
                            list.add(m);
                        }
                    }
                    StringWriter text = new StringWriter();
                    try (JsonGenerator g = JSON.createGenerator(text)) {
                        g.writeStartObject();
                        g.writeNumberField("statusCode", 200);
                        g.writeFieldName("headers");
                        g.writeStartObject();
                        for (Member m : list) {
                            g.writeFieldName(m.name());
                            if (m.array()) {
                                g.writeStartArray();
                                for (String v : m.values()) {
                                    g.writeString(v);
                                }
                                g.writeEndArray();
                            } else {
                                g.writeString(m.values().get(0));
                            }
                        }
                        g.writeEndObject();
                        g.writeStringField("body", "");
                        g.writeBooleanField("isBase64Encoded", false);
                        g.writeEndObject();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    InvalidReason expectedProblem = null;
                    List<Header> expected = new ArrayList<>();
                    for (Member m : list) {
                        if (!TOKEN.matcher(m.name()).matches()) {
                            expectedProblem = InvalidReason.BAD_HEADER_NAME;
                            break;
                        }
                        if (m.values().stream().anyMatch(v -> BAD_VALUE_CHAR.matcher(v).find())) {
                            expectedProblem = InvalidReason.BAD_HEADER_VALUE;
                            break;
                        }
                        if (!DROPPED.contains(asciiLower(m.name()))) {
                            m.values().forEach(v -> expected.add(new Header(m.name(), v)));
                        }
                    }
                    DecodeResult result = decode(dialect == 0 ? CLB : FUNCTION_GRAPH, text.toString());
                    if (expectedProblem == null) {
                        assertThat(result).as(text.toString()).isInstanceOf(DecodeResult.Valid.class);
                        assertThat(result.response().headers()).as(text.toString())
                                .containsExactlyElementsOf(expected);
                    } else {
                        assertThat(result).as(text.toString()).isInstanceOf(DecodeResult.Invalid.class);
                        assertThat(((DecodeResult.Invalid) result).reason()).as(text.toString())
                                .isEqualTo(expectedProblem);
                    }
                });
    }

    /** {@code statusCode} is valid exactly when it is a JSON integer from 200 to 599, and is then the status. */
    @Test
    void statusCodeIsAnIntegerFrom200To599() {
        Gen<Integer> codes = integers().between(-20, 1100).mix(integers().between(-100_000, 100_000), 10);
        qt().withExamples(3000).forAll(codes, integers().between(0, 5), integers().between(0, 1))
                .checkAssert((code, form, dialect) -> {
                    String literal = switch (form) {
                        case 1 -> code + ".0";
                        case 2 -> code + "e0";
                        case 3 -> "\"" + code + "\"";
                        case 4 -> code + "E+0";
                        default -> Integer.toString(code);
                    };
                    String json = "{\"statusCode\":" + literal + ",\"headers\":{},\"body\":\"\","
                            + "\"isBase64Encoded\":false}";
                    DecodeResult result = decode(dialect == 0 ? CLB : FUNCTION_GRAPH, json);
                    boolean integer = form == 0 || form == 5;
                    if (integer && code >= 200 && code <= 599) {
                        assertThat(result).as(json).isInstanceOf(DecodeResult.Valid.class);
                        assertThat(result.response().statusCode()).isEqualTo(code);
                    } else {
                        assertThat(result).as(json).isInstanceOf(DecodeResult.Invalid.class);
                        assertThat(((DecodeResult.Invalid) result).reason()).as(json)
                                .isEqualTo(InvalidReason.BAD_STATUS_CODE);
                    }
                });
    }

    /**
     * docs/codec.md: {@code null} means absent for the four members; CLB takes absent headers and body as empty and
     * isBase64Encoded as false; FunctionGraph requires headers and body (MISSING_MEMBER) and takes isBase64Encoded
     * as true; statusCode is required by both. Members in any order.
     */
    @Test
    void nullMeansAbsentAndEachDialectFillsInAbsentMembersAsDocumented() {
        // one code for the 3 x 3 x 3 x 4 member states, 24 member orders and 2 dialects (QuickTheories takes 4 gens)
        qt().withExamples(2000).forAll(integers().between(0, 3 * 3 * 3 * 4 * 24 * 2 - 1))
                .checkAssert(code -> {
                    int status = code % 3;
                    int headers = code / 3 % 3;
                    int body = code / 9 % 3;
                    int flag = code / 27 % 4;
                    int order = code / 108 % 24;
                    int dialect = code / (108 * 24);
                    // 0 present, 1 null, 2 absent; flag: 0 true, 1 false, 2 null, 3 absent
                    List<String> parts = new ArrayList<>();
                    parts.add(status == 2 ? null : "\"statusCode\":" + (status == 0 ? "204" : "null"));
                    parts.add(headers == 2 ? null : "\"headers\":" + (headers == 0 ? "{\"X-A\":\"1\"}" : "null"));
                    parts.add(body == 2 ? null : "\"body\":" + (body == 0 ? "\"aGk=\"" : "null"));
                    parts.add(flag == 3 ? null : "\"isBase64Encoded\":" + List.of("true", "false", "null").get(flag));
                    List<String> ordered = new ArrayList<>();
                    List<Integer> pool = new ArrayList<>(List.of(0, 1, 2, 3));
                    int o = order;
                    for (int k = 4; k > 0; k--) {   // the order-th permutation
                        ordered.add(parts.get(pool.remove(o % k)));
                        o /= k;
                    }
                    ordered.removeIf(p -> p == null);
                    String json = "{" + String.join(",", ordered) + "}";
                    boolean fg = dialect == 1;
                    DecodeResult result = decode(fg ? FUNCTION_GRAPH : CLB, json);
                    Set<InvalidReason> problems = new LinkedHashSet<>();
                    if (status != 0) {
                        problems.add(InvalidReason.MISSING_STATUS_CODE);
                    }
                    if (fg && (headers != 0 || body != 0)) {
                        problems.add(InvalidReason.MISSING_MEMBER);
                    }
                    if (!problems.isEmpty()) {
                        assertThat(result).as(json).isInstanceOf(DecodeResult.Invalid.class);
                        assertThat(((DecodeResult.Invalid) result).reason()).as(json).isIn(problems);
                        return;
                    }
                    boolean base64 = flag == 0 || flag != 1 && fg;
                    String expectedBody = body != 0 ? "" : base64 ? "hi" : "aGk=";
                    assertThat(result).as(json).isInstanceOf(DecodeResult.Valid.class);
                    assertThat(result.response().statusCode()).isEqualTo(204);
                    assertThat(new String(result.response().body(), StandardCharsets.UTF_8)).as(json)
                            .isEqualTo(expectedBody);
                    assertThat(result.response().headers()).as(json)
                            .isEqualTo(headers == 0 ? List.of(new Header("X-A", "1")) : List.of());
                });
    }

    /**
     * {@code maxBodyBytes} bounds the body sent: a text body's UTF-8 bytes, a Base64 body's decoded bytes.
     * Over it is BODY_TOO_LARGE at {@code $.body}.
     */
    @Test
    void theBodyLimitCountsTheBytesSent() {
        qt().withExamples(2000)
                .forAll(integers().between(0, 40), textFrom("a\"\\\u00e9\u20ac\ud83d\ude00\n", 20),
                        lists().of(integers().between(0, 255)).ofSizeBetween(0, 45), integers().between(0, 1))
                .checkAssert((limit, text, ints, base64) -> {
                    byte[] sent;
                    String body;
                    if (base64 == 1) {
                        sent = EventEncoderTests.toBytes(ints);
                        body = JsonText.quote(Base64.getEncoder().encodeToString(sent));
                    } else {
                        sent = text.getBytes(StandardCharsets.UTF_8);
                        body = JsonText.quote(text);
                    }
                    String json = "{\"statusCode\":200,\"isBase64Encoded\":" + (base64 == 1) + ",\"body\":" + body
                            + "}";
                    DecodeResult result = decode(CLB.newBuilder().maxBodyBytes(limit).build(), json);
                    if (sent.length <= limit) {
                        assertThat(result).as(json).isInstanceOf(DecodeResult.Valid.class);
                        assertThat(result.response().body()).isEqualTo(sent);
                    } else {
                        assertThat(result).as("limit %d: %s", limit, json).isInstanceOf(DecodeResult.Invalid.class);
                        DecodeResult.Invalid invalid = (DecodeResult.Invalid) result;
                        assertThat(invalid.reason()).isEqualTo(InvalidReason.BODY_TOO_LARGE);
                        assertThat(invalid.path()).isEqualTo("$.body");
                    }
                });
    }
}
