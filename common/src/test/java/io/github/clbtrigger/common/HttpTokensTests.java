package io.github.clbtrigger.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The header syntax checks against RFC 9110's definitions, written out the plain way. */
class HttpTokensTests {

    /** RFC 9110 section 5.6.2: tchar. */
    private static boolean tchar(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean naiveToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> tchar((char) c));
    }

    @Test
    void everyCharIsATokenCharExactlyWhenRfc9110SaysSoAtAnyPosition() {
        for (int c = 0; c <= 0xFFFF; c++) {
            char ch = (char) c;
            boolean expected = tchar(ch);
            assertThat(HttpTokens.isToken(String.valueOf(ch))).as("U+%04X alone", c).isEqualTo(expected);
            assertThat(HttpTokens.isToken("X-" + ch + "-Y")).as("U+%04X inside", c).isEqualTo(expected);
            assertThat(HttpTokens.isToken("Content-Type" + ch)).as("U+%04X last", c).isEqualTo(expected);
        }
    }

    @Test
    void aTokenIsANonEmptyRunOfTchars() {
        assertThat(HttpTokens.isToken("")).isFalse();
        assertThat(HttpTokens.isToken(null)).isFalse();
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 12))
                .check(s -> HttpTokens.isToken(s) == naiveToken(s));
        qt().forAll(strings().allPossible().ofLengthBetween(0, 6))
                .check(s -> HttpTokens.isToken(s) == naiveToken(s));
    }

    @Test
    void theByteRangeFormAgreesWithTheTextFormOnEveryByte() {
        for (int b = 0; b < 256; b++) {
            byte[] bytes = {'X', (byte) b, 'Y'};
            boolean expected = b < 0x80 && tchar((char) b);
            assertThat(HttpTokens.isToken(bytes, 1, 2)).as("byte %02X alone", b).isEqualTo(expected);
            assertThat(HttpTokens.isToken(bytes, 0, 3)).as("byte %02X inside", b).isEqualTo(expected);
        }
        assertThat(HttpTokens.isToken(new byte[] {'a'}, 1, 1)).as("empty range").isFalse();
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 12))
                .check(s -> HttpTokens.isToken(s.getBytes(StandardCharsets.ISO_8859_1), 0, s.length())
                        == naiveToken(s));
    }

    @Test
    void percentEncodingNonAsciiGivesAnAsciiTargetThatDecodesBackToTheText() {
        qt().withExamples(2000)
                .forAll(strings().betweenCodePoints(0x21, 0x10FFFF).ofLengthBetween(0, 12))
                .assuming(s -> s.indexOf('%') < 0 && s.indexOf('+') < 0
                        && s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF))
                .checkAssert(s -> {
                    String encoded = HttpTokens.percentEncodeNonAscii(s);
                    assertThat(encoded.chars()).allMatch(c -> c < 0x80);
                    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(s);
                    if (s.chars().allMatch(c -> c < 0x80)) {
                        assertThat(encoded).isSameAs(s);
                    }
                });
    }
}
