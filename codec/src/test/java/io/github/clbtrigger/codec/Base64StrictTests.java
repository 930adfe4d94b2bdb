package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The strict decoder against the JDK's basic decoder, which accepts exactly the same forms. */
class Base64StrictTests {

    private static byte[] strict(String text) {
        long length = Base64Strict.decodedLength(text);
        if (length < 0) {
            return null;
        }
        return Base64Strict.decode(text, (int) length, new int[1]);
    }

    private static byte[] jdk(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void encodedBytesDecodeWithAndWithoutPadding() {
        qt().forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 100))
                .checkAssert(ints -> {
                    byte[] bytes = EventEncoderTests.toBytes(ints);
                    assertThat(strict(Base64.getEncoder().encodeToString(bytes))).isEqualTo(bytes);
                    assertThat(strict(Base64.getEncoder().withoutPadding().encodeToString(bytes))).isEqualTo(bytes);
                });
    }

    @Test
    void agreesWithTheJdkOnArbitraryText() {
        qt().withExamples(5000)
                .forAll(strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, 12))
                .checkAssert(text -> assertThat(strict(text)).as(text).isEqualTo(jdk(text)));
    }

    @Test
    void agreesWithTheJdkOnAlphabetAndPaddingSoup() {
        String soup = "AQgw+/=_-\n ";
        qt().withExamples(5000)
                .forAll(lists().of(integers().between(0, soup.length() - 1)).ofSizeBetween(0, 10))
                .checkAssert(indexes -> {
                    StringBuilder text = new StringBuilder();
                    indexes.forEach(i -> text.append(soup.charAt(i)));
                    assertThat(strict(text.toString())).as(text.toString()).isEqualTo(jdk(text.toString()));
                });
    }
}
