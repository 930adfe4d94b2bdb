package io.github.clbtrigger.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.clbtrigger.codec.InvalidReason;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AssertJ assertions pass on what is so and fail, saying what was instead, on what is not. */
class ClbExchangeAssertTests {

    static ClbHarness clb;

    @BeforeAll
    static void start() {
        clb = ClbHarness.builder().configResource("clb-test.json").build();
    }

    @AfterAll
    static void stop() {
        clb.close();
    }

    @Test
    void passOnWhatIsSo() {
        ClbExchangeAssert.assertThat(clb.exchange(ClbRequest.get("/tree").header("X-Trace", "t1").build()))
                .matchedRule("loc-tree").hasStatus(200).hasHeader("content-type", "application/json")
                .eventSatisfies(event -> assertThat(event).contains("\"X-Trace\":\"t1\""));
        ClbExchangeAssert.assertThat(clb.exchange(ClbRequest.get("/bad").build()))
                .hasStatus(403).wasRefusedByTheDecoder(InvalidReason.BAD_HEADER_VALUE, "$.headers.X-Bad");
        ClbExchangeAssert.assertThat(clb.exchange(ClbRequest.get("/map").build())).hasBody("map for localhost");
    }

    @Test
    void failSayingWhatWasInstead() {
        ClbExchange notFound = clb.exchange(ClbRequest.get("/nothing").build());
        assertThatThrownBy(() -> ClbExchangeAssert.assertThat(notFound).matchedRule("loc-map"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("it matched no rule");
        assertThatThrownBy(() -> ClbExchangeAssert.assertThat(notFound).hasStatus(200))
                .hasMessageContaining("expected status <200> but was <404> (no rule matches)");
        assertThatThrownBy(() -> ClbExchangeAssert.assertThat(notFound).eventSatisfies(e -> { }))
                .hasMessageContaining("no event was sent");
        ClbExchange map = clb.exchange(ClbRequest.get("/map").build());
        assertThatThrownBy(() -> ClbExchangeAssert.assertThat(map).hasHeader("X-Binding", "tree"))
                .hasMessageContaining("[map]");
        assertThatThrownBy(() -> ClbExchangeAssert.assertThat(map)
                .wasRefusedByTheDecoder(InvalidReason.BAD_BODY, "$.body"))
                .hasMessageContaining("it did not refuse it");
    }
}
