package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's own query reader, the same in every container, against the JDK's form encoding. */
class QueryTests {

    @Test
    void readsWhatAFormEncoderWrites() {
        qt().withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 20),
                strings().basicLatinAlphabet().ofLengthBetween(1, 8))
                .assuming((value, name) -> value.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF))
                .checkAssert((value, name) -> {
                    String raw = URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(value, StandardCharsets.UTF_8);
                    assertThat(Query.parse(raw)).hasValue(Map.of(name, value));
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "after=1&status=2xx | after | 1",
        "status=2xx&status=5xx | status | 2xx",
        "function=shop%2Forders%3A2 | function | shop/orders:2",
        "rule=loc+1 | rule | loc 1",
        "&&rule=x& | rule | x",
        "flag | flag | ''",
    })
    void readsTheFirstValueOfEachName(String raw, String name, String value) {
        assertThat(Query.parse(raw)).hasValueSatisfying(q -> assertThat(q).containsEntry(name, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=%zz", "after=%FF%FE", "rule=%", "rule=%4", "rule=é", "%C3=1", "a=%C3%28"})
    void refusesMalformedEscapesAndUtf8(String raw) {
        assertThat(Query.parse(raw)).isEmpty();
    }
}
