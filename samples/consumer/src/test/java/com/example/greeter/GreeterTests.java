package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clbtrigger.test.ClbClient;
import io.github.clbtrigger.test.ClbExchange;
import io.github.clbtrigger.test.ClbHarness;
import io.github.clbtrigger.test.ClbRequest;
import io.github.clbtrigger.test.ClbResponse;
import io.github.clbtrigger.test.ClbTrigger;

import org.junit.jupiter.api.Test;

/** The greeter behind CLB, both ways: over HTTP through clb serve's frontend, and in memory. */
@ClbTrigger(config = "clb.json")
class GreeterTests {

    @Test
    void overHttp(ClbClient clb) {
        ClbResponse response = clb.send(ClbRequest.post("/greet").host("greeter.example.com")
                .json("{\"name\":\"Ada\"}").build());

        assertEquals(200, response.status());
        assertEquals("Hello, Ada!", response.bodyText());
        assertEquals(404, clb.get("/elsewhere").status());
    }

    @Test
    void inMemory(ClbHarness clb) {
        ClbExchange x = clb.exchange(ClbRequest.get("/greet/me").host("greeter.example.com").build());

        assertEquals("loc-greet", x.locationId().orElseThrow());
        assertTrue(x.event().orElseThrow().contains("\"Host\":\"greeter.example.com\""), x.event().orElseThrow());
        assertEquals("Hello, world!", x.response().bodyText());
    }
}
