package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriggerMetricsTests {

    static Stream<Arguments> buckets() {
        return Stream.of(
                Arguments.of(0L, 0), Arguments.of(1L, 0), Arguments.of(2L, 1), Arguments.of(3L, 2),
                Arguments.of(100L, 6), Arguments.of(101L, 7), Arguments.of(10_000L, 12), Arguments.of(10_001L, 13),
                Arguments.of(3_600_000L, 13));
    }

    @ParameterizedTest(name = "{0} ms -> bucket {1}")
    @MethodSource
    void buckets(long ms, int bucket) {
        TriggerMetrics m = new TriggerMetrics();
        m.record("loc", "fn", null, TimeUnit.MILLISECONDS.toNanos(ms));
        assertThat(m.rule("loc").orElseThrow().latencyHistogram().get(bucket)).isEqualTo(1L);
        assertThat(m.rule("loc").orElseThrow().latencyHistogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(1L);
    }

    @Test
    void countsPerRuleAndFunctionWithErrorsByKind() {
        TriggerMetrics m = new TriggerMetrics();
        m.record("loc-a", "default/f:$LATEST", null, 1_000_000);
        m.record("loc-a", "default/f:$LATEST", ErrorKind.TIMEOUT, 1_000_000);
        m.record("loc-b", "default/f:$LATEST", ErrorKind.THROTTLED, 1_000_000);
        m.record(null, null, null, 0);
        assertThat(m.byRule()).containsOnlyKeys(TriggerMetrics.NO_RULE, "loc-a", "loc-b");
        assertThat(m.rule("loc-a").orElseThrow().requests()).isEqualTo(2);
        assertThat(m.rule("loc-a").orElseThrow().errors()).containsExactlyEntriesOf(java.util.Map.of(ErrorKind.TIMEOUT, 1L));
        TriggerMetrics.Counters f = m.function("default/f:$LATEST").orElseThrow();
        assertThat(f.requests()).isEqualTo(3);
        assertThat(f.errorCount()).isEqualTo(2);
        assertThat(m.byFunction()).containsOnlyKeys("default/f:$LATEST");
        assertThat(m.function("nope")).isEmpty();
    }

    @Test
    void everyErrorKindNamesTheStatusTheClientGets() {
        assertThat(Stream.of(ErrorKind.values()).map(k -> k.name() + "=" + k.status()))
                .containsExactly("NOT_FOUND=404", "BAD_REQUEST=400", "URI_TOO_LONG=414", "BODY_TOO_LARGE=413", "BODY_TIMEOUT=408",
                        "THROTTLED=429", "TIMEOUT=504", "FUNCTION_ERROR=502", "RESPONSE_TOO_LARGE=502",
                        "INVALID_RESPONSE=403", "NO_FUNCTION=503", "CLIENT_ABORTED=0");
    }
}
