package io.github.clbtrigger.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JacksonMessagesTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Unexpected end-of-input [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, "
                + "column: 2]|Unexpected end-of-input [line: 1, column: 2]",
        "no location at all|no location at all",
        "[Source: REDACTED (x); line: 3, column: 4] first, [Source: REDACTED (y); line: 5, column: 6] second"
                + "|[line: 3, column: 4] first, [line: 5, column: 6] second"})
    void theRedactedSourcePlaceholderIsRemovedAndTheRestKept(String message, String scrubbed) {
        assertThat(JacksonMessages.scrub(message)).isEqualTo(scrubbed);
    }
}
