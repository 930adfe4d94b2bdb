package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleHandlerTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Inspector inspector = new Inspector(50);
    private final AtomicBoolean bootstrapReady = new AtomicBoolean(false);
    private TestServer server;

    private Console.Builder console() {
        return Console.builder()
                .inspector(inspector)
                .routes(() -> new RouteTableView(List.of(new RouteTableView.Route("lbl-http", "HTTP", 8080,
                        "api.example.com", "/hello", "loc-hello", List.of(new RouteTableView.Target(Records.HELLO, 10))))))
                .readiness(Readiness.allOf(List.of(
                        Readiness.check("listener lbl-http (HTTP:8080) is not bound", () -> true),
                        Readiness.check("function default/hello: bootstrap not ready", bootstrapReady::get))));
    }

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(console().build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Parses strictly: a field written twice is an error. */
    private JsonNode json(TestServer.Answer answer) throws Exception {
        assertThat(answer.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        return JSON.reader().with(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .readTree(answer.body());
    }

    @Nested
    class Headers {
        @ParameterizedTest
        @CsvSource({
            "GET, /_clb/, 200",
            "GET, /_clb/console.js, 200",
            "GET, /_clb/console.css, 200",
            "GET, /_clb/favicon.svg, 200",
            "GET, /_clb/api/exchanges, 200",
            "GET, /_clb/api/exchanges/999, 404",
            "GET, /_clb/api/exchanges?status=6xx, 400",
            "GET, /_clb/api/routes, 200",
            "GET, /_clb/health, 200",
            "GET, /_clb/ready, 503",
            "GET, /_clb/metrics, 404",
            "GET, /_clb/nothing, 404",
            "GET, /_clb, 308",
            "POST, /_clb/api/exchanges, 405",
            "DELETE, /_clb/, 405",
        })
        void everyAnswerIsLockedDown(String method, String path, int status) throws Exception {
            TestServer.Answer answer = server.send(method, path, "127.0.0.1:" + server.port, "Origin: http://evil.example");
            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.header("Content-Security-Policy")).isEqualTo(Console.CONTENT_SECURITY_POLICY);
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.headers()).doesNotContainKey("set-cookie");
            assertThat(answer.headers().keySet()).noneMatch(name -> name.startsWith("access-control-"));
        }

        @Test
        void otherPathsAreLeftToTheNextHandler() throws Exception {
            TestServer.Answer answer = server.get("/_clbx");
            assertThat(answer.body()).isEqualTo("app");
            assertThat(answer.headers()).doesNotContainKey("content-security-policy");
        }

        @ParameterizedTest
        @ValueSource(strings = {"evil.example", "evil.example:80", "127.0.0.1.nip.io", "localhost.evil.example"})
        void foreignHostsAreRefused(String host) throws Exception {
            TestServer.Answer answer = server.send("GET", "/_clb/api/exchanges", host);
            assertThat(answer.status()).isEqualTo(403);
            assertThat(json(answer).get("error").asText()).isEqualTo("HostNotAllowed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "LOCALHOST.:4577", "console.localhost", "127.0.0.1", "[::1]:4577", "10.0.0.7"})
        void loopbackNamesAndAddressesAreServed(String host) throws Exception {
            assertThat(server.send("GET", "/_clb/api/exchanges", host).status()).isEqualTo(200);
        }

        @Test
        void theStaticFilesHaveTheirTypes() throws Exception {
            assertThat(server.get("/_clb/").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(server.get("/_clb/console.js").header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(server.get("/_clb/").body()).contains("<script src=\"console.js\" defer></script>")
                    .doesNotContain("<style").doesNotContain("style=").doesNotContain("onclick");
        }
    }

    @Nested
    class Exchanges {
        @Test
        void listsSummariesNewestFirst() throws Exception {
            inspector.add(Records.ok("r1").build());
            inspector.add(Records.refused("r2").build());
            JsonNode list = json(server.get("/_clb/api/exchanges"));
            assertThat(list.get("last").asLong()).isEqualTo(2);
            JsonNode first = list.get("exchanges").get(0);
            assertThat(first.get("id").asText()).isEqualTo("r2");
            assertThat(first.get("seq").asLong()).isEqualTo(2);
            assertThat(first.get("status").asInt()).isEqualTo(403);
            assertThat(first.get("rule").get("locationId").asText()).isEqualTo("loc-hello");
            assertThat(first.get("function").asText()).isEqualTo("default/hello:$LATEST");
            assertThat(first.get("verdict").get("outcome").asText()).isEqualTo("refused");
            assertThat(first.get("verdict").get("path").asText()).isEqualTo("$.statusCode");
            assertThat(first.get("durationMs").asDouble()).isEqualTo(12.0);
            assertThat(first.has("event")).as("summaries leave the bodies out").isFalse();
            assertThat(list.get("exchanges").get(1).get("id").asText()).isEqualTo("r1");
        }

        @Test
        void afterGivesOnlyNewerOnes() throws Exception {
            for (int i = 1; i <= 5; i++) {
                inspector.add(Records.ok("r" + i).build());
            }
            JsonNode list = json(server.get("/_clb/api/exchanges?after=3"));
            assertThat(list.get("exchanges").findValuesAsText("id")).containsExactly("r5", "r4");
        }

        @ParameterizedTest
        @CsvSource({
            "status=2xx, r1 r3",
            "status=4xx, r2",
            "status=5xx, r4",
            "status=none, r5",
            "function=shop/orders, r3",
            "function=shop/orders:2, r3",
            "function=shop/orders:1, ''",
            "function=default/hello, r1 r2 r4",
            "rule=loc-orders, r3",
            "status=2xx&function=default/hello, r1",
        })
        void filtersByStatusClassFunctionAndRule(String query, String ids) throws Exception {
            inspector.add(Records.ok("r1").build());
            inspector.add(Records.refused("r2").build());
            inspector.add(Records.ok("r3").function(Records.ORDERS, "2")
                    .rule(new ExchangeRecord.Rule("loc-orders", "shop.example.com", "/orders")).build());
            inspector.add(Records.ok("r4").status(502).error("FUNCTION_ERROR").build());
            inspector.add(ExchangeRecord.builder().id("r5").time(java.time.Instant.EPOCH).method("GET").target("/")
                    .error("CLIENT_ABORTED").build());
            JsonNode list = json(server.get("/_clb/api/exchanges?" + query));
            List<String> found = new java.util.ArrayList<>(list.get("exchanges").findValuesAsText("id"));
            java.util.Collections.reverse(found);
            assertThat(String.join(" ", found)).isEqualTo(ids);
        }

        @ParameterizedTest
        @ValueSource(strings = {"status=6xx", "status=200", "after=-1", "after=abc", "after=99999999999999999999",
            "status=%zz", "after=%FF%FE"})
        void badFiltersAreNamedNotEchoed(String query) throws Exception {
            TestServer.Answer answer = server.get("/_clb/api/exchanges?" + query);
            assertThat(answer.status()).isEqualTo(400);
            JsonNode error = json(answer);
            assertThat(error.get("error").asText()).isEqualTo("InvalidParameter");
            assertThat(error.get("message").asText()).isIn(ExchangeFilter.USAGE, Console.BAD_QUERY);
        }

        @Test
        void oneExchangeInFull() throws Exception {
            long seq = inspector.add(Records.refused("r1").requestHeader("X-Evil", "<script>alert(1)</script>").build());
            TestServer.Answer answer = server.get("/_clb/api/exchanges/" + seq);
            JsonNode d = json(answer);
            assertThat(d.get("explanation").asText()).contains("longest prefix /hello");
            assertThat(d.get("client").asText()).isEqualTo("127.0.0.1");
            assertThat(d.get("clientPort").asInt()).isEqualTo(50000);
            assertThat(d.get("request").get("headers").get(2).get(1).asText()).isEqualTo("<script>alert(1)</script>");
            assertThat(d.get("request").get("body").get("text").asText()).isEqualTo("{\"name\":\"ada\"}");
            assertThat(d.get("event").get("text").asText()).startsWith("{\"httpMethod\":\"POST\"");
            assertThat(d.get("rawAnswer").get("text").asText()).isEqualTo("{\"statusCode\":\"two hundred\"}");
            assertThat(d.get("verdict").get("reason").asText()).isEqualTo("statusCode is not an integer");
            assertThat(d.get("response").get("status").asInt()).isEqualTo(403);
            assertThat(d.get("response").get("body").get("text").asText()).isEqualTo("invalid response");
            assertThat(d.get("curl").asText()).startsWith("curl --path-as-is -X 'POST' 'http://127.0.0.1:8080/hello?x=1'");
            assertThat(d.get("curlComplete").asBoolean()).isTrue();
        }

        @Test
        void aCutOrBinaryBodySaysSo() throws Exception {
            long seq = inspector.add(Records.ok("r1", 16).requestBody(new byte[] {0, 1, 2, (byte) 0xff})
                    .responseBody(Records.bytes("x".repeat(100))).build());
            JsonNode d = json(server.get("/_clb/api/exchanges/" + seq));
            assertThat(d.get("request").get("body").get("binary").asBoolean()).isTrue();
            assertThat(d.get("request").get("body").get("hex").asText()).isEqualTo("00 01 02 ff");
            JsonNode response = d.get("response").get("body");
            assertThat(response.get("truncated").asBoolean()).isTrue();
            assertThat(response.get("size").asLong()).isEqualTo(100);
            assertThat(response.get("text").asText()).hasSize(16);
            assertThat(d.get("curlComplete").asBoolean()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"/_clb/api/exchanges/0", "/_clb/api/exchanges/abc", "/_clb/api/exchanges/1/x",
            "/_clb/api/exchanges/-1", "/_clb/api/exchanges/99999999999999999999"})
        void unknownExchangesAre404(String path) throws Exception {
            assertThat(server.get(path).status()).isEqualTo(404);
        }

        @Test
        void theRouteTable() throws Exception {
            JsonNode route = json(server.get("/_clb/api/routes")).get("routes").get(0);
            assertThat(route.get("locationId").asText()).isEqualTo("loc-hello");
            assertThat(route.get("targets").get(0).get("function").asText()).isEqualTo("default/hello:$LATEST");
            assertThat(route.get("targets").get(0).get("weight").asInt()).isEqualTo(10);
        }
    }

    @Nested
    class Probes {
        @Test
        void readyFollowsTheBootstrapAndHealthStaysUp() throws Exception {
            TestServer.Answer notReady = server.get("/_clb/ready");
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(json(notReady).get("reasons").findValuesAsText("reasons")).isEmpty();
            assertThat(json(notReady).get("reasons").get(0).asText())
                    .isEqualTo("function default/hello: bootstrap not ready");
            assertThat(server.get("/_clb/health").status()).isEqualTo(200);

            bootstrapReady.set(true);
            TestServer.Answer ready = server.get("/_clb/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(json(ready).get("status").asText()).isEqualTo("ready");
            assertThat(json(ready).get("reasons")).isEmpty();

            bootstrapReady.set(false); // the bootstrap died
            assertThat(server.get("/_clb/ready").status()).isEqualTo(503);
            assertThat(json(server.get("/_clb/health")).get("status").asText()).isEqualTo("up");
        }
    }

    @Nested
    class Credentials {
        private TestServer secured;

        @BeforeEach
        void startSecured() throws Exception {
            secured = new TestServer(console().credentials("AKIDexample", "s3cr3t:key").build());
        }

        @AfterEach
        void stopSecured() throws Exception {
            secured.close();
        }

        private String basic(String userPass) {
            return "Authorization: Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/_clb/", "/_clb/console.js", "/_clb/api/exchanges", "/_clb/api/routes",
            "/_clb/metrics", "/_clb/api/exchanges/1"})
        void everythingButTheProbesAsksForThem(String path) throws Exception {
            TestServer.Answer answer = secured.get(path);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Basic realm=\"clb-trigger console\", charset=\"UTF-8\"");
            assertThat(answer.body()).doesNotContain("s3cr3t");
        }

        @ParameterizedTest
        @ValueSource(strings = {"AKIDexample:wrong", "AKIDexample:s3cr3t", "akidexample:s3cr3t:key", ":", "",
            "AKIDexample:s3cr3t:key "})
        void wrongCredentialsAreRefused(String userPass) throws Exception {
            assertThat(secured.get("/_clb/api/exchanges", basic(userPass)).status()).isEqualTo(401);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Authorization: Basic !!!", "Authorization: Bearer abc", "Authorization: Basic"})
        void malformedAuthorizationIsRefused(String header) throws Exception {
            assertThat(secured.get("/_clb/api/exchanges", header).status()).isEqualTo(401);
        }

        @Test
        void theRightPairIsAccepted() throws Exception {
            assertThat(secured.get("/_clb/api/exchanges", basic("AKIDexample:s3cr3t:key")).status()).isEqualTo(200);
            assertThat(secured.get("/_clb/", basic("AKIDexample:s3cr3t:key")).status()).isEqualTo(200);
        }

        @Test
        void probesNeedNone() throws Exception {
            assertThat(secured.get("/_clb/health").status()).isEqualTo(200);
            assertThat(secured.get("/_clb/ready").status()).isEqualTo(503);
        }
    }

    @Nested
    class InspectorOff {
        @Test
        void thePageAndExchangesAreGoneAndProbesStay() throws Exception {
            try (TestServer off = new TestServer(Console.builder().build())) {
                assertThat(off.get("/_clb/").status()).isEqualTo(404);
                assertThat(off.get("/_clb/api/exchanges").status()).isEqualTo(404);
                assertThat(off.get("/_clb/console.js").status()).isEqualTo(404);
                assertThat(off.get("/_clb/health").status()).isEqualTo(200);
                assertThat(off.get("/_clb/ready").status()).isEqualTo(200);
            }
        }
    }
}
