package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Host boundary, case by case as verified against nginx 1.22. */
class HostNameTests {
    private static String check(String raw) {
        HostName.Checked c = HostName.check(raw);
        return c instanceof HostName.Checked.Valid v ? v.host() : "400";
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "WWW.Example.COM"       | www.example.com
            "www.example.com."      | www.example.com
            "www.example.com.:8080" | www.example.com
            "a.example.com:"        | a.example.com
            "a.example.com:x:y"     | a.example.com
            "[::1]:8080"            | [::1]
            "[::1]"                 | [::1]
            "[::1"                  | [::1
            " a.example.com "       | a.example.com
            ".example.com"          | .example.com
            "_a.example.com"        | _a.example.com
            "A\\B"                  | a\\b
            "a."                    | a
            "a..b"                  | 400
            "."                     | 400
            ".."                    | 400
            ":80"                   | 400
            ""                      | 400
            "  "                    | 400
            "a/b"                   | 400
            "a b"                   | 400
            """)
    void normalizesAsNginx(String raw, String expected) {
        assertThat(check(raw.replace("\\\\", "\\"))).isEqualTo(expected.replace("\\\\", "\\"));
    }

    @Test
    void nonAsciiIsKeptAsUtf8BytesAndNotCaseFolded() {
        assertThat(check("\u00c9.example.com")).isEqualTo("\u00c3\u0089.example.com");
    }

    @Test
    void anyStringIsEitherRefusedOrNormalizedToAFixedPoint() {
        qt().withExamples(5000).forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(raw -> {
            HostName.Checked c = HostName.check(raw);
            if (c instanceof HostName.Checked.Valid v) {
                assertThat(HostName.validate(v.host())).isEqualTo(c);
                assertThat(v.host()).isNotEmpty().doesNotContain("/", " ", "..");
            }
        });
    }
}
