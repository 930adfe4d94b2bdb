package io.github.clbtrigger.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clbtrigger.codec.InvalidReason;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.RouteResult;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The in-memory path: routing, the event, the answer and its verdict, the response; no socket. */
class ClbHarnessTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static ClbHarness clb;

    @BeforeAll
    static void start() {
        clb = ClbHarness.builder().configResource("clb-test.json").build();
    }

    @AfterAll
    static void stop() {
        clb.close();
    }

    @Nested
    class Routing {
        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource({
            "localhost,        /map,          loc-map",
            "localhost,        /tree?x=1,     loc-tree",
            "LOCALHOST.,       /dir/a/../b,   loc-dir",
            "api.example.com,  /pojo,         loc-pojo",
            "unknown.org,      /map,          loc-map",
        })
        void theRuleThatMatches(String host, String target, String location) {
            RouteResult route = clb.route(ClbRequest.get(target).host(host).build());

            assertThat(route).isInstanceOfSatisfying(RouteResult.Matched.class,
                    m -> assertThat(m.rule().locationId()).isEqualTo(location));
        }

        @Test
        void aDirectoryRuleRedirectsTheBarePath() {
            ClbExchange x = clb.exchange(ClbRequest.get("/dir?page=2").build());

            assertThat(x.route()).containsInstanceOf(RouteResult.Redirect.class);
            assertThat(x.status()).isEqualTo(301);
            assertThat(x.response().header("location")).hasValue("/dir/?page=2");
            assertThat(x.locationId()).isEmpty();
            assertThat(x.event()).isEmpty();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "/nowhere,  404, '{\"errno\":404,\"error\":\"Not found.\"}'",
            "/empty,    503, ",
        })
        void clbAnswersWithoutAFunction(String target, int status, String body) {
            ClbExchange x = clb.exchange(ClbRequest.get(target).build());

            assertThat(x.status()).isEqualTo(status);
            if (body != null) {
                assertThat(x.response().bodyText()).isEqualTo(body);
            }
            assertThat(x.function()).isEmpty();
            assertThat(x.refusal()).isPresent();
        }

        @Test
        void aTargetOverTheLimitIs414AndABodyOverItIs413() {
            assertThat(clb.exchange(ClbRequest.get("/map?" + "a".repeat(9000)).build()).status()).isEqualTo(414);
            try (ClbHarness small = ClbHarness.builder().configResource("clb-test.json").maxRequestBodyBytes(10)
                    .build()) {
                ClbExchange x = small.exchange(ClbRequest.post("/map").body("0123456789A").build());
                assertThat(x.status()).isEqualTo(413);
                assertThat(x.locationId()).hasValue("loc-map");
                assertThat(x.event()).isEmpty();
            }
        }

        @Test
        void severalListenersNeedTheRequestToNameOne() {
            try (ClbHarness two = ClbHarness.builder().configResource("two-listeners.json").build()) {
                assertThatThrownBy(() -> two.route(ClbRequest.get("/").build()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name one");
                assertThat(two.exchange(ClbRequest.get("/").listener("lbl-b").build()).locationId())
                        .hasValue("loc-b");
            }
        }
    }

    @Nested
    class Exchange {
        @Test
        void theEventIsWhatTheEncoderMakesOfTheRequest() throws Exception {
            ClbExchange x = clb.exchange(ClbRequest.post("/tree?id=7").header("X-Trace", "abc")
                    .json("{\"name\":\"Ada\"}").build());

            assertThat(x.locationId()).hasValue("loc-tree");
            assertThat(x.function()).hasValue("default/tree:$LATEST");
            JsonNode event = JSON.readTree(x.event().orElseThrow());
            assertThat(event.path("headers").path("Host").asText()).isEqualTo("localhost");
            assertThat(event.path("headers").path("X-Trace").asText()).isEqualTo("abc");
            assertThat(event.path("headers").path("X-Real-IP").asText()).isEqualTo("127.0.0.1");
            assertThat(event.path("payload").path("name").asText()).isEqualTo("Ada");
            // the tree function answers the event it received as its body: the record is that event, not a copy
            assertThat(x.response().bodyText()).isEqualTo(JSON.readTree(x.event().orElseThrow()).toString());
            assertThat(x.response().header("Content-Type")).hasValue("application/json");
            assertThat(x.answer()).hasValueSatisfying(a -> assertThat(a).contains("\"statusCode\":200"));
            assertThat(x.refusal()).isEmpty();
        }

        @Test
        void eachBindingGetsTheEvent() {
            assertThat(clb.exchange(ClbRequest.get("/map").build()).response().bodyText())
                    .isEqualTo("map for localhost");
            ClbExchange pojo = clb.exchange(ClbRequest.get("/pojo").host("api.example.com").build());
            assertThat(pojo.status()).isEqualTo(201);
            assertThat(pojo.response().bodyText()).isEqualTo("pojo for api.example.com");
            ClbExchange context = clb.exchange(ClbRequest.get("/context").build());
            assertThat(context.response().bodyText()).isEqualTo("256MB 5000ms " + context.requestId().orElseThrow());
        }

        @Test
        void aRefusedAnswerSaysWhyAndWhere() {
            ClbExchange x = clb.exchange(ClbRequest.get("/bad").build());

            assertThat(x.status()).isEqualTo(403);
            assertThat(x.response().bodyText()).isEqualTo("{\"errno\":403,\"error\":\"Analyse scf response failed.\"}");
            assertThat(x.decoderReason()).hasValue(InvalidReason.BAD_HEADER_VALUE);
            assertThat(x.decoderPath()).hasValue("$.headers.X-Bad");
            assertThat(x.answer()).hasValue(TestFunctions.bad(""));
            assertThat(x.refusal()).hasValueSatisfying(r -> assertThat(r).contains("default/bad:$LATEST"));
        }
    }

    @Nested
    class Invoke {
        @Test
        void aFunctionByNameWithAnEventOfYourOwn() {
            String event = "{\"headers\": {\"Host\": \"example.org\"}, \"payload\": null}";

            ClbExchange x = clb.invoke("map", event);

            assertThat(x.event()).hasValue(event);
            assertThat(x.status()).isEqualTo(200);
            assertThat(x.response().bodyText()).isEqualTo("map for example.org");
            assertThat(x.route()).isEmpty();
        }

        @Test
        void aTencentContextCarriesTheFunctionsLimitsAndAFreshRequestId() {
            ClbExchange first = clb.invoke("context", "$LATEST", "{\"headers\": {}}");
            ClbExchange second = clb.invoke("context", "{\"headers\": {}}");

            assertThat(first.response().bodyText()).startsWith("256MB 5000ms ")
                    .endsWith(first.requestId().orElseThrow());
            assertThat(first.requestId()).isNotEqualTo(second.requestId());
        }

        @Test
        void theDecoderJudgesTheAnswerAsForARoutedRequest() {
            ClbExchange x = clb.invoke("bad", "{}");

            assertThat(x.status()).isEqualTo(403);
            assertThat(x.decoderPath()).hasValue("$.headers.X-Bad");
        }

        @Test
        void anUnknownFunctionIsRefused() {
            assertThatThrownBy(() -> clb.invoke("nope", "{}")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no function default/nope:$LATEST in the configuration");
        }
    }

    @Nested
    class Building {
        @Test
        void functionsRegisteredInCodeServeTheirRules() {
            String config = """
                    {"LoadBalancerId": "lb", "Listeners": [{"ListenerId": "lbl", "Protocol": "HTTP", "Port": 80,
                      "Rules": [{"LocationId": "loc", "Domain": "localhost", "Url": "/", "DefaultServer": true,
                        "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hi"},
                                             "Weight": 100}]}]}]}
                    """;
            try (ClbHarness h = ClbHarness.builder().config(config)
                    .function("hi", (event, ctx) -> "{\"statusCode\": 200, \"body\": \"hi " + ctx.functionName()
                            + "\"}").build()) {
                assertThat(h.exchange(ClbRequest.get("/x").build()).response().bodyText()).isEqualTo("hi hi");
            }
        }

        @Test
        void anInvalidConfigurationNamesItsCodeAndPlace() {
            assertThatThrownBy(() -> ClbHarness.builder().config("{\"LoadBalancerId\": \"lb\", \"Listeners\": "
                    + "[{\"ListenerId\": \"l\", \"Protocol\": \"HTTP\", \"Port\": 0}]}").build())
                    .isInstanceOf(ConfigException.class).hasMessageContaining("Port");
        }

        @Test
        void requestsAreOneLineOfText() {
            assertThatThrownBy(() -> ClbRequest.get("/a\r\nX: y").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target");
            assertThat(ClbRequest.post("/a").body("é").build().body())
                    .isEqualTo("é".getBytes(StandardCharsets.UTF_8));
        }
    }
}
