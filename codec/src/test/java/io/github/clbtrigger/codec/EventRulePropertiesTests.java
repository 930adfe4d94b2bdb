package io.github.clbtrigger.codec;

import static io.github.clbtrigger.codec.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * Event rules whose other tests compare the encoder with {@link ReferenceEncoder}, which calls the same helpers
 * ({@code HttpSyntax.stripOws}, {@code MediaType.charset}) and so cannot notice when those helpers are wrong. Here
 * each rule is checked against its documented wording (docs/codec.md), written out in the test, and the event is
 * read with Jackson.
 */
class EventRulePropertiesTests {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The names CLB sets itself (docs/codec.md, "Reserved names cannot be injected"). */
    private static final List<String> RESERVED = List.of("X-Stgw-Time", "X-Client-Proto", "X-Forwarded-Proto",
            "X-Client-Proto-Ver", "X-Real-IP", "X-Real-Port", "X-Vip", "X-Vport", "X-Uri", "X-Method");

    /** Pieces of an X-Forwarded-For line: addresses, the optional whitespace around them, and look-alikes of it. */
    private static final List<String> XFF_PIECES = List.of("10.0.0.1", "2001:db8::7", "unknown", ",", ", ", " ", "\t",
            "\u00a0", "\u2003", "\u000b", "\f", "\u001c", "\r", "\n", "");

    private static String randomCase(String name, int bits) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean flip = (bits >> (i % 31) & 1) == 1;
            out.append(flip ? (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c)) : c);
        }
        return out.toString();
    }

    /** nginx's optional whitespace: spaces and tabs only. */
    private static String stripSpacesAndTabs(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    private static JsonNode headersOf(EventEncoder encoder, List<Header> headers) {
        try {
            return MAPPER.readTree(encoder.encode(request(headers), new byte[0], 0, 0)).get("headers");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * X-Forwarded-For is the client's lines (spaces and tabs around each stripped, blank ones skipped) joined with
     * ", ", then the client IP; a reserved name in any case never carries the client's value, whether or not its
     * custom header is enabled; and the event has exactly one X-Forwarded-For member.
     */
    @Test
    void forwardedForIsExtendedAndReservedNamesAreNeverTakenFromTheClient() {
        Gen<List<List<Integer>>> lines = lists().of(lists().of(integers().between(0, XFF_PIECES.size() - 1))
                .ofSizeBetween(0, 5)).ofSizeBetween(0, 4);
        qt().withExamples(1500)
                .forAll(lines, lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(0, 4),
                        integers().between(0, 31), integers().between(0, Integer.MAX_VALUE))
                .checkAssert((xffLines, reserved, custom, caseBits) -> {
                    List<Header> headers = new ArrayList<>();
                    List<String> chain = new ArrayList<>();
                    headers.add(new Header("X-Before", "b"));
                    for (int i = 0; i < xffLines.size(); i++) {
                        StringBuilder line = new StringBuilder();
                        xffLines.get(i).forEach(p -> line.append(XFF_PIECES.get(p)));
                        headers.add(new Header(randomCase("X-Forwarded-For", caseBits + i), line.toString()));
                        String stripped = stripSpacesAndTabs(line.toString());
                        if (!stripped.isEmpty()) {
                            chain.add(stripped);
                        }
                    }
                    for (int code : reserved) {
                        String name = randomCase(RESERVED.get(code % RESERVED.size()), code / RESERVED.size());
                        headers.add(new Header(name, "SPOOFED-" + name));
                    }
                    EnumSet<CustomHeader> enabled = EnumSet.noneOf(CustomHeader.class);
                    for (CustomHeader h : CustomHeader.values()) {
                        if ((custom >> h.ordinal() & 1) == 1) {
                            enabled.add(h);
                        }
                    }
                    EventEncoder encoder = EventEncoder.builder().customHeaders(enabled).build();
                    JsonNode sent = headersOf(encoder, headers);
                    chain.add("192.0.2.1");
                    List<String> xffMembers = new ArrayList<>();
                    sent.fieldNames().forEachRemaining(name -> {
                        if (name.equalsIgnoreCase("X-Forwarded-For")) {
                            xffMembers.add(name);
                        }
                        assertThat(sent.get(name).textValue()).as(name).doesNotContain("SPOOFED");
                    });
                    assertThat(xffMembers).containsExactly("X-Forwarded-For");
                    assertThat(sent.get("X-Forwarded-For").textValue()).as("headers %s", headers)
                            .isEqualTo(String.join(", ", chain));
                    assertThat(sent.get("X-Before").textValue()).isEqualTo("b");
                    assertThat(sent.get("X-Real-IP").textValue()).isEqualTo("192.0.2.1");
                    assertThat(sent.has("X-Uri")).isEqualTo(enabled.contains(CustomHeader.X_URI));
                    if (enabled.contains(CustomHeader.X_URI)) {
                        assertThat(sent.get("X-Uri").textValue()).isEqualTo("/path");
                    }
                });
    }

    private static final List<String> CHARSETS = List.of("UTF-8", "ISO-8859-1", "UTF-16", "UTF-16BE", "UTF-16LE",
            "windows-1252", "US-ASCII", "Shift_JIS");

    /**
     * A text body is decoded with the charset parameter, whatever the case of the parameter's name and value,
     * quoted or not, with spaces around ';' as RFC 9110 allows them, and after other parameters.
     */
    @Test
    void textIsDecodedWithTheCharsetParameterHoweverItIsWritten() {
        Gen<String> texts = in -> {
            StringBuilder text = new StringBuilder();
            String alphabet = "abcXYZ {}\"\\\u00e9\u00fc\u00df\u20ac\u3042";
            int n = (int) in.next(Constraint.between(1, 12));
            for (int i = 0; i < n; i++) {
                text.append(alphabet.charAt((int) in.next(Constraint.between(0, alphabet.length() - 1))));
            }
            return text.toString();
        };
        qt().withExamples(1500)
                .forAll(texts, integers().between(0, CHARSETS.size() - 1), integers().between(0, Integer.MAX_VALUE),
                        integers().between(0, 2))
                .checkAssert((text, which, bits, type) -> {
                    Charset charset = Charset.forName(CHARSETS.get(which));
                    if (!charset.newEncoder().canEncode(text)) {
                        text = text.replaceAll("[^a-zXYZ {}]", "");
                        if (text.isEmpty()) {
                            text = "a";
                        }
                    }
                    String name = randomCase("charset", bits);
                    String value = randomCase(charset.name(), bits >> 7);
                    String ows = (bits >> 14 & 1) == 1 ? " " : "";
                    String parameter = name + "=" + ((bits >> 15 & 1) == 1 ? "\"" + value + "\"" : value);
                    String before = (bits >> 16 & 1) == 1 ? ";" + ows + "format=flowed" : "";
                    String media = List.of("text/plain", "Application/XML", "TEXT/html").get(type);
                    String contentType = media + before + ows + ";" + ows + parameter + ows;
                    byte[] body = text.getBytes(charset);
                    JsonNode event;
                    try {
                        event = MAPPER.readTree(EventEncoder.builder().build().encode(
                                request(List.of(new Header("Content-Type", contentType))), body, 0, body.length));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    assertThat(event.get("isBase64Encoded").booleanValue()).isFalse();
                    assertThat(event.get("payload").textValue()).as(contentType)
                            .isEqualTo(new String(body, charset));
                });
    }
}
