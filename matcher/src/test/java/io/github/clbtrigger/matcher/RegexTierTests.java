package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The literal-prefix filter never changes which regex is first to match. */
class RegexTierTests {
    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ^/api/v[0-9]      | /api/v
            ^/api             | /api
            ^/ab+c            | /ab
            ^/ab?c            | /a
            ^/ab*             | /a
            ^/a{2}            | /
            ^www\\d+          | www
            ^www\\.example    | www.example
            `^/a|^/b`         | ``
            /api              | ``
            ^(/api)           | ``
            ^.png             | ``
            ``                | ``
            """)
    void literalPrefix(String re, String prefix) {
        assertThat(RegexTier.literalPrefix(re.replace("\\\\", "\\"))).isEqualTo(prefix);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ^/api/v[0-9]      | ^(?:[0-9])
            ^/ab+c            | ^(?:b+c)
            ^/a{2}            | ^(?:a{2})
            ^www\\.example$   | ^(?:$)
            ^/a[^/]+$         | ^(?:[^/]+$)
            ^/a\\b            | ``
            ^/a\\Bb           | ``
            ^/a(^b)?          | ``
            ^/a[b^]           | ``
            ^/a(?m)\\Ab       | ``
            """)
    void aCandidateRunsTheRestAfterItsLiteral(String re, String tail) {
        Pattern p = Pattern.compile(re.replace("\\\\", "\\"));
        Pattern t = RegexTier.tail(p, RegexTier.tailStart(p.pattern()));
        assertThat(t == null ? "" : t.pattern()).isEqualTo(tail);
    }

    @Test
    void dollarAlsoMatchesBeforeAFinalNewlineAsInPcre() {
        Pattern p = Pattern.compile("b$");
        assertThat(RegexTier.find(p, "/ab\n")).isTrue();
        assertThat(RegexTier.find(p, "/ab\n\n")).isFalse();
        assertThat(RegexTier.find(p, "/ab\nx")).isFalse();
        assertThat(RegexTier.find(Pattern.compile("^/a$"), "/a")).isTrue();
    }

    private static final List<String> PATTERNS = List.of("^/a", "^/ab", "b$", "^/api/v[0-9]+", "(a|b)/", "[A-Z]",
            "^/a/b$", "^/ab+", "^/AB?C", ".png$", "^/v1", "^/test1", "^/a|^/b", "api", "^/a\\b", "^/a\\B",
            "^/ab(^c)?", "^/a[^/]*$", "^/a\\.?", "^/v1/[0-9]+$", "^/a\n?$", "^/A(?i)b");

    @Test
    void filteredTierAgreesWithALinearScan() {
        qt().withExamples(2000)
                .forAll(lists().of(integers().between(0, 2 * PATTERNS.size() - 1)).ofSizeBetween(0, 10),
                        integers().between(0, 1000), lists().of(integers().between(0, 10_000)).ofSizeBetween(0, 6))
                .checkAssert((picks, form, tokens) -> {
                    List<RegexTier.Entry<Integer>> entries = new ArrayList<>();
                    for (int i = 0; i < picks.size(); i++) {
                        boolean ci = picks.get(i) >= PATTERNS.size();
                        String src = PATTERNS.get(picks.get(i) % PATTERNS.size());
                        entries.add(new RegexTier.Entry<>(Pattern.compile(src, ci ? Pattern.CASE_INSENSITIVE : 0), ci, i));
                    }
                    String input = Generated.target(form | 4, tokens);
                    Integer linear = null;
                    for (RegexTier.Entry<Integer> e : entries) {
                        if (RegexTier.find(e.pattern(), input)) {
                            linear = e.value();
                            break;
                        }
                    }
                    assertThat(new RegexTier<>(entries).first(input)).isEqualTo(linear);
                });
    }
}
