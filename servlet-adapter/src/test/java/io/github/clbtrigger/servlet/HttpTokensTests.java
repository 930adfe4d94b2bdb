package io.github.clbtrigger.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

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
}
