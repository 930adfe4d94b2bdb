package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionGraphContextTests {

    private static final FunctionGraphContext CONTEXT = new FunctionGraphContext(
            "11cdcdcf-3394-9dc6-d722-640a13091c77", 256, 30, "latest", "hello",
            "0123456789abcdef0123456789abcdef", "default", "eu-de");

    @Test
    void headersAreTheEightDocumentedInOrder() {
        assertThat(CONTEXT.headers()).containsExactly(
                new Header("X-CFF-Request-Id", "11cdcdcf-3394-9dc6-d722-640a13091c77"),
                new Header("X-CFF-Memory", "256"),
                new Header("X-CFF-Timeout", "30"),
                new Header("X-CFF-Func-Version", "latest"),
                new Header("X-CFF-Func-Name", "hello"),
                new Header("X-CFF-Project-Id", "0123456789abcdef0123456789abcdef"),
                new Header("X-CFF-Package", "default"),
                new Header("X-CFF-Region", "eu-de"));
        assertThat(CONTEXT.headers()).allMatch(h -> FunctionGraphContext.isReservedHeader(h.name()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"X-CFF-Request-Id, true", "x-cff-memory, true", "X-Cff-Anything, true", "X-CFF-, true",
            "X-CFF, false", "X-CF-Request-Id, false", "X-Request-Id, false", "'', false", "' X-CFF-A', false"})
    void reservedHeaders(String name, boolean reserved) {
        assertThat(FunctionGraphContext.isReservedHeader(name)).isEqualTo(reserved);
    }

    @Test
    void nullIsNotReserved() {
        assertThat(FunctionGraphContext.isReservedHeader(null)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"memory 0, 0, 30, id", "timeout 0, 128, 0, id", "newline in id, 128, 30, a|b",
            "carriage return in id, 128, 30, a~b", "tab in id is fine, 128, 30, a^b"})
    void invalidContextsCannotBeConstructed(String name, int memory, int timeout, String requestId) {
        String id = requestId.replace('|', '\n').replace('~', '\r').replace('^', '\t');
        if (name.endsWith("fine")) {
            assertThat(new FunctionGraphContext(id, memory, timeout, "latest", "f", "p", "default", "eu-de")
                    .headers().get(0).value()).isEqualTo("a\tb");
            return;
        }
        assertThatThrownBy(() -> new FunctionGraphContext(id, memory, timeout, "latest", "f", "p", "default",
                "eu-de")).isInstanceOf(IllegalArgumentException.class);
    }
}
