package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The UTF-8 checks against the JDK's reporting decoder, and the encoder against String.getBytes. */
class Utf8Tests {

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void agreesWithTheJdkOnArbitraryBytes() {
        qt().withExamples(5000)
                .forAll(lists().of(integers().between(0x7c, 0xff)).ofSizeBetween(0, 8))
                .checkAssert(ints -> {
                    byte[] bytes = EventEncoderTests.toBytes(ints);
                    assertThat(Utf8.firstMalformed(bytes, 0, bytes.length) < 0).isEqualTo(jdkAccepts(bytes));
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "overlong slash, C0AF, 0",
        "overlong NUL, E08080, 0",
        "encoded surrogate, EDA080, 0",
        "above U+10FFFF, F4908080, 0",
        "truncated, 41E282, 1",
        "lone continuation, 4180, 1",
        "fine, 41C3A9E282ACF09F9880, -1",
    })
    void firstMalformedOffset(String name, String hex, int expected) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        assertThat(Utf8.firstMalformed(bytes, 0, bytes.length)).isEqualTo(expected);
    }

    @Test
    void encodesLikeTheJdkAndReplacesLoneSurrogates() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 30))
                .checkAssert(text -> {
                    byte[] expected = JsonText.wellFormed(text).getBytes(StandardCharsets.UTF_8);
                    assertThat(Utf8.encodedLength(text)).isEqualTo(expected.length);
                    assertThat(Utf8.encode(text, expected.length)).isEqualTo(expected);
                });
    }
}
