package io.github.clbtrigger.samples.testing;

// tag::socket[]
import static org.assertj.core.api.Assertions.assertThat;

import io.github.clbtrigger.test.ClbClient;
import io.github.clbtrigger.test.ClbRequest;
import io.github.clbtrigger.test.ClbResponse;
import io.github.clbtrigger.test.ClbTrigger;

import org.junit.jupiter.api.Test;

@ClbTrigger(config = "io/github/clbtrigger/samples/hello/clb.json")
class HelloOverHttpTests {

    @Test
    void greetsTheNameInTheBody(ClbClient clb) {
        ClbResponse response = clb.post("/hello", "{\"name\":\"Ada\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValue("application/json");
        assertThat(response.bodyText()).isEqualTo("{\"message\":\"Hello, Ada!\",\"client\":\"127.0.0.1\"}");
    }

    @Test
    void aRequestOffTheRulesGetsClbsNotFound(ClbClient clb) {
        ClbResponse response = clb.send(ClbRequest.get("/nowhere").host("localhost").build());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.bodyText()).isEqualTo("{\"errno\":404,\"error\":\"Not found.\"}");
    }
}
// end::socket[]
