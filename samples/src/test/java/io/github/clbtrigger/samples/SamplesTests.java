package io.github.clbtrigger.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.clbtrigger.samples.canary.CanaryServer;
import io.github.clbtrigger.samples.hello.HelloServer;
import io.github.clbtrigger.samples.httpfunction.HttpFunctionServer;
import io.github.clbtrigger.samples.images.ImagesServer;
import io.github.clbtrigger.samples.routing.RoutingServer;
import io.github.clbtrigger.samples.webapp.WebXmlServer;
import io.github.clbtrigger.samples.webapp.WebappServer;
import io.github.clbtrigger.test.ClbClient;
import io.github.clbtrigger.test.ClbExchange;
import io.github.clbtrigger.test.ClbHarness;
import io.github.clbtrigger.test.ClbRequest;
import io.github.clbtrigger.test.ClbResponse;
import io.github.clbtrigger.test.ClbTrigger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.IntFunction;

import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The samples, tested with clb-test: each function sample's configuration (its {@code clb.json}) served by the real
 * frontend over sockets ({@link ClbTrigger}) and checked in memory ({@link ClbHarness}); each sample server started
 * on port 0 and spoken to with {@link ClbClient}, as its docs say.
 */
class SamplesTests {

    static final String HELLO = "io/github/clbtrigger/samples/hello/clb.json";
    static final String IMAGES = "io/github/clbtrigger/samples/images/clb.json";
    static final String ROUTING = "io/github/clbtrigger/samples/routing/clb.json";
    static final String CANARY = "io/github/clbtrigger/samples/canary/clb.json";

    @Nested
    @ClbTrigger(config = HELLO)
    class Hello {
        @Test
        void greetsTheNameInTheJsonBody(ClbClient clb) {
            ClbResponse response = clb.post("/hello", "{\"name\":\"Ada\"}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).hasValue("application/json");
            assertThat(response.bodyText()).isEqualTo("{\"message\":\"Hello, Ada!\",\"client\":\"127.0.0.1\"}");
        }

        @Test
        void answersClbNotFoundOffTheRules(ClbClient clb) {
            ClbResponse response = clb.get("/elsewhere");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.bodyText()).startsWith("{\"errno\":404,");
        }

        @Test
        void theFunctionGetsTheJsonBodyAsAnObject(ClbHarness clb) {
            ClbExchange x = clb.exchange(ClbRequest.post("/hello").json("{\"name\":\"Ada\"}").build());

            assertThat(x.locationId()).hasValue("loc-hello");
            assertThat(x.event()).hasValueSatisfying(e -> assertThat(e).contains("\"payload\":{\"name\":\"Ada\"}"));
            assertThat(x.response().bodyText()).isEqualTo("{\"message\":\"Hello, Ada!\",\"client\":\"127.0.0.1\"}");
        }
    }

    @Nested
    @ClbTrigger(config = IMAGES)
    class Images {
        @Test
        void servesAPngFromABase64IntegrationResponse(ClbClient clb) {
            ClbResponse response = clb.get("/image.png");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).hasValue("image/png");
            assertThat(response.body()).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        }

        @Test
        void uploadsArriveBase64EncodedAndIntact(ClbClient clb, ClbHarness harness) throws Exception {
            byte[] png = clb.get("/image.png").body();

            ClbRequest upload = ClbRequest.post("/upload").header("Content-Type", "image/png").body(png).build();
            ClbResponse response = clb.send(upload);

            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("{\"bytes\":" + png.length + ",\"sha256\":\"" + sha
                    + "\",\"type\":\"image/png\",\"base64\":true}");
            assertThat(harness.exchange(upload).event()).hasValueSatisfying(e -> assertThat(e)
                    .contains("\"isBase64Encoded\":true"));
        }
    }

    @Nested
    @ClbTrigger(config = ROUTING, customHeaders = "X-Uri")
    class Routing {
        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource({
            "www.example.com,     /,                   exact,    loc-home",
            "www.example.com,     /api/orders,         api,      loc-api",
            "www.example.com,     /static/logo.png,    assets,   loc-static",
            "www.example.com,     /img/LOGO.PNG,       assets,   loc-images",
            "www.example.com,     /api/logo.png,       assets,   loc-images",
            "www.example.com,     /about,              fallback, loc-rest",
            "shop.example.com,    /anything,           api,      loc-tenants",
            "WWW.EXAMPLE.COM.,    /about,              fallback, loc-rest",
            "unknown.org,         /,                   exact,    loc-home",
        })
        void eachRequestReachesTheFunctionOfItsRule(String host, String target, String function, String location,
                ClbClient clb, ClbHarness harness) {
            ClbRequest request = ClbRequest.get(target).host(host).build();

            ClbResponse response = clb.send(request);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).startsWith("{\"function\":\"" + function + "\"");
            assertThat(harness.exchange(request).locationId()).hasValue(location);
        }

        @Test
        void redirectsToTheRuleEndingInSlash(ClbClient clb) {
            ClbResponse response = clb.send(ClbRequest.get("/api?page=2").host("www.example.com").build());

            assertThat(response.status()).isEqualTo(301);
            assertThat(response.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/?page=2"));
        }
    }

    @Nested
    @ClbTrigger(config = CANARY)
    class Canary {
        @Test
        void splitsTrafficNinetyTen(ClbHarness clb) {
            int stable = 0;
            int requests = 400;
            for (int i = 0; i < requests; i++) {
                String body = clb.exchange(ClbRequest.get("/").build()).response().bodyText();
                assertThat(body).isIn("{\"version\":\"1\"}", "{\"version\":\"2\"}");
                stable += body.equals("{\"version\":\"1\"}") ? 1 : 0;
            }
            // 90 % expected; the bounds are over 4 standard deviations wide.
            assertThat(stable).isBetween(332, 388);
        }

        @Test
        void bothVersionsAnswerOverHttp(ClbClient clb) {
            assertThat(clb.get("/").bodyText()).isIn("{\"version\":\"1\"}", "{\"version\":\"2\"}");
        }
    }

    /** The sample servers themselves (embedded Jetty with the filter), each on port 0, as their mains run them. */
    @Nested
    class Servers {
        private Server server;

        private ClbClient start(IntFunction<Server> sample) throws Exception {
            server = sample.apply(0);
            server.start();
            return ClbClient.of(URI.create("http://127.0.0.1:" + SampleServer.port(server)));
        }

        @AfterEach
        void stop() throws Exception {
            if (server != null) {
                server.stop();
            }
        }

        @Test
        void hello() throws Exception {
            assertThat(start(HelloServer::createServer).post("/hello", "{\"name\":\"Ada\"}").bodyText())
                    .isEqualTo("{\"message\":\"Hello, Ada!\",\"client\":\"127.0.0.1\"}");
        }

        @Test
        void images() throws Exception {
            assertThat(start(ImagesServer::createServer).get("/image.png").header("Content-Type"))
                    .hasValue("image/png");
        }

        @Test
        void routing() throws Exception {
            assertThat(start(RoutingServer::createServer).send(ClbRequest.get("/api/orders")
                    .host("www.example.com").build()).bodyText()).startsWith("{\"function\":\"api\"");
        }

        @Test
        void canary() throws Exception {
            assertThat(start(CanaryServer::createServer).get("/").bodyText())
                    .isIn("{\"version\":\"1\"}", "{\"version\":\"2\"}");
        }

        @Test
        void webappFunctionsAnswerTheirRulesAndTheWebappEverythingElse() throws Exception {
            ClbClient clb = start(WebappServer::createServer);

            assertThat(clb.get("/api/hi").bodyText()).startsWith("{\"message\":\"Hello, world!\"");
            ClbResponse page = clb.get("/index.html");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.bodyText()).isEqualTo("served by the webapp: GET /index.html\n");
        }

        @Test
        void theWebXmlDeploymentOnTomcatBehavesTheSame() throws Exception {
            WebXmlServer tomcat = WebappServer.createWebXmlServer(0);
            tomcat.start();
            try {
                ClbClient clb = ClbClient.of(URI.create("http://127.0.0.1:" + tomcat.port()));
                assertThat(clb.get("/api/hi").bodyText()).startsWith("{\"message\":\"Hello, world!\"");
                assertThat(clb.get("/index.html").bodyText()).isEqualTo("served by the webapp: GET /index.html\n");
                // the console of web.xml: the request above is in its inspector, its probes answer
                assertThat(clb.get("/_clb/health").bodyText()).isEqualTo("{\"status\":\"up\"}");
                assertThat(clb.get("/_clb/health").header("Content-Security-Policy")).isPresent();
                long deadline = System.nanoTime() + 2_000_000_000L;
                String exchanges;
                do {
                    exchanges = clb.get("/_clb/api/exchanges").bodyText();
                } while (!exchanges.contains("\"target\":\"/api/hi\"") && System.nanoTime() < deadline);
                assertThat(exchanges).contains("\"target\":\"/api/hi\"", "\"locationId\":\"loc-api\"");
            } finally {
                tomcat.stop();
            }
        }

        @Test
        void anHttpFunctionIsProxiedToTheBootstrappedProcessWhichStopsWithTheServer() throws Exception {
            int functionPort;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                functionPort = free.getLocalPort();
            }
            ClbClient clb = start(p -> HttpFunctionServer.createServer(p, functionPort));

            ClbResponse response = clb.get("/web/orders?id=7");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).contains("\"runtime\":\"http-function\"", "\"path\":\"/web/orders\"",
                    "\"query\":\"id=7\"", "\"stage\":\"sample\"").containsIgnoringCase("X-CFF-Request-Id")
                    .containsIgnoringCase("\"X-CFF-Memory\":\"256\"");

            server.stop();
            server = null;
            assertThat(accepts(functionPort)).as("the bootstrap process is stopped with the server").isFalse();
        }

        private boolean accepts(int port) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
