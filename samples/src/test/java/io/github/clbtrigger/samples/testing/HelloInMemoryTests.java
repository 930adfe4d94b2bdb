package io.github.clbtrigger.samples.testing;

// tag::memory[]
import static org.assertj.core.api.Assertions.assertThat;

import io.github.clbtrigger.codec.InvalidReason;
import io.github.clbtrigger.test.ClbExchange;
import io.github.clbtrigger.test.ClbHarness;
import io.github.clbtrigger.test.ClbRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HelloInMemoryTests {

    static ClbHarness clb;

    @BeforeAll
    static void load() {
        clb = ClbHarness.builder().configResource("io/github/clbtrigger/samples/hello/clb.json").build();
    }

    @AfterAll
    static void stop() {
        clb.close();
    }

    @Test
    void theRuleTheEventAndTheResponse() {
        ClbExchange x = clb.exchange(ClbRequest.post("/hello").json("{\"name\":\"Ada\"}").build());

        assertThat(x.locationId()).hasValue("loc-hello");
        assertThat(x.event()).hasValueSatisfying(event -> assertThat(event)
                .contains("\"X-Real-IP\":\"127.0.0.1\"")
                .contains("\"payload\":{\"name\":\"Ada\"}"));
        assertThat(x.status()).isEqualTo(200);
        assertThat(x.response().bodyText()).isEqualTo("{\"message\":\"Hello, Ada!\",\"client\":\"127.0.0.1\"}");
    }

    @Test
    void theFunctionAloneWithAnEventOfYourOwn() {
        ClbExchange x = clb.invoke("hello", "{\"headers\": {}, \"payload\": {\"name\": \"Grace\"}}");

        assertThat(x.response().bodyText()).isEqualTo("{\"message\":\"Hello, Grace!\",\"client\":\"\"}");
        assertThat(x.answer()).hasValueSatisfying(raw -> assertThat(raw).contains("\"statusCode\":200"));
        assertThat(x.requestId()).isPresent();
    }

    @Test
    void anAnswerClbWouldRefuseSaysWhyAndWhere() {
        ClbHarness broken = ClbHarness.builder()
                .config("""
                        {"LoadBalancerId": "lb", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP",
                          "Port": 8080, "Rules": [{"LocationId": "loc-bad", "Domain": "localhost", "Url": "/",
                            "FunctionTargets": [{"Function": {"FunctionName": "bad"}, "Weight": 100}]}]}]}
                        """)
                .function("bad", (event, context) -> "{\"statusCode\": \"OK\"}")
                .build();
        try (broken) {
            ClbExchange x = broken.exchange(ClbRequest.get("/").build());

            assertThat(x.status()).isEqualTo(403);
            assertThat(x.decoderReason()).hasValue(InvalidReason.BAD_STATUS_CODE);
            assertThat(x.decoderPath()).hasValue("$.statusCode");
        }
    }
}
// end::memory[]
