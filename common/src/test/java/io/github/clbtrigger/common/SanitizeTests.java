package io.github.clbtrigger.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What untrusted text becomes in a header and in a log line. */
class SanitizeTests {

    static Stream<Arguments> sanitized() {
        return Stream.of(
                Arguments.of("plain reason", "plain reason"),
                Arguments.of("a\r\nSet-Cookie: x=1", "a??Set-Cookie: x=1"),
                Arguments.of("tab\tnul\0del\u007f", "tab?nul?del?"),
                Arguments.of("unicode é 你", "unicode ? ?"),
                Arguments.of("x".repeat(600), "x".repeat(509) + "..."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void sanitized(String raw, String header) {
        assertThat(Sanitize.forHeader(raw)).isEqualTo(header).hasSizeLessThanOrEqualTo(Sanitize.MAX_DEBUG_REASON);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void functionOutputForTheLog(String raw, String logged) {
        assertThat(Sanitize.forLog(raw, 40)).isEqualTo(logged);
    }

    static Stream<Arguments> functionOutputForTheLog() {
        return Stream.of(
                Arguments.of("\tat example.Main.run(Main.java:3)", "    at example.Main.run(Main.java:3)"),
                Arguments.of("订单 4711 已创建 é", "订单 4711 已创建 é"),
                Arguments.of("a\rb\u001b[31mred\u202Eevil\u2028", "a?b?[31mred?evil?"),
                Arguments.of("x".repeat(50), "x".repeat(40) + "..."));
    }
}
