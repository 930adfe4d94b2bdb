package io.github.clbtrigger.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.clbtrigger.samples.canary.CanaryServer;
import io.github.clbtrigger.samples.hello.HelloServer;
import io.github.clbtrigger.samples.httpfunction.HttpFunctionServer;
import io.github.clbtrigger.samples.images.ImagesServer;
import io.github.clbtrigger.samples.routing.RoutingServer;
import io.github.clbtrigger.samples.webapp.WebXmlServer;
import io.github.clbtrigger.samples.webapp.WebappServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.IntFunction;

import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every sample started on port 0 and spoken to over HTTP, as its docs say. */
class SamplesTests {

    private Server server;

    private int start(IntFunction<Server> sample) throws Exception {
        server = sample.apply(0);
        server.start();
        return SampleServer.port(server);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Nested
    class Hello {
        @Test
        void greetsTheNameInTheJsonBody() throws Exception {
            int port = start(HelloServer::createServer);

            Http response = Http.post(port, "/hello", "application/json",
                    "{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("content-type", "application/json");
            assertThat(response.text()).isEqualTo("{\"message\":\"Hello, Ada!\",\"client\":\"127.0.0.1\"}");
        }

        @Test
        void answersClbNotFoundOffTheRules() throws Exception {
            int port = start(HelloServer::createServer);

            Http response = Http.get(port, "localhost", "/elsewhere");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.text()).startsWith("{\"errno\":404,");
        }
    }

    @Nested
    class Images {
        @Test
        void servesAPngFromABase64IntegrationResponse() throws Exception {
            int port = start(ImagesServer::createServer);

            Http response = Http.get(port, "localhost", "/image.png");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("content-type", "image/png");
            assertThat(response.body()).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        }

        @Test
        void uploadsArriveBase64EncodedAndIntact() throws Exception {
            int port = start(ImagesServer::createServer);
            byte[] png = Http.get(port, "localhost", "/image.png").body();

            Http response = Http.post(port, "/upload", "image/png", png);

            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"bytes\":" + png.length + ",\"sha256\":\"" + sha
                    + "\",\"type\":\"image/png\",\"base64\":true}");
        }
    }

    @Nested
    class Routing {
        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource({
            "www.example.com,     /,                   exact",
            "www.example.com,     /api/orders,         api",
            "www.example.com,     /static/logo.png,    assets",
            "www.example.com,     /img/LOGO.PNG,       assets",
            "www.example.com,     /api/logo.png,       assets",
            "www.example.com,     /about,              fallback",
            "shop.example.com,    /anything,           api",
            "WWW.EXAMPLE.COM.,    /about,              fallback",
            "unknown.org,         /,                   exact",
        })
        void eachRequestReachesTheFunctionOfItsRule(String host, String target, String function) throws Exception {
            int port = start(RoutingServer::createServer);

            Http response = Http.get(port, host, target);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).startsWith("{\"function\":\"" + function + "\"");
        }

        @Test
        void redirectsToTheRuleEndingInSlash() throws Exception {
            int port = start(RoutingServer::createServer);

            Http response = Http.get(port, "www.example.com", "/api?page=2");

            assertThat(response.status()).isEqualTo(301);
            assertThat(response.headers().get("location")).endsWith("/api/?page=2");
        }
    }

    @Nested
    class Canary {
        @Test
        void splitsTrafficNinetyTen() throws Exception {
            int port = start(CanaryServer::createServer);

            int stable = 0;
            int requests = 400;
            for (int i = 0; i < requests; i++) {
                String body = Http.get(port, "localhost", "/").text();
                assertThat(body).isIn("{\"version\":\"1\"}", "{\"version\":\"2\"}");
                stable += body.equals("{\"version\":\"1\"}") ? 1 : 0;
            }
            // 90 % expected; the bounds are over 4 standard deviations wide.
            assertThat(stable).isBetween(332, 388);
        }
    }

    @Nested
    class Webapp {
        @Test
        void functionsAnswerTheirRulesAndTheWebappEverythingElse() throws Exception {
            int port = start(WebappServer::createServer);

            assertThat(Http.get(port, "localhost", "/api/hi").text()).startsWith("{\"message\":\"Hello, world!\"");
            Http page = Http.get(port, "localhost", "/index.html");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).isEqualTo("served by the webapp: GET /index.html\n");
        }

        @Test
        void theWebXmlDeploymentOnTomcatBehavesTheSame() throws Exception {
            WebXmlServer tomcat = WebappServer.createWebXmlServer(0);
            tomcat.start();
            try {
                int port = tomcat.port();
                assertThat(Http.get(port, "localhost", "/api/hi").text())
                        .startsWith("{\"message\":\"Hello, world!\"");
                assertThat(Http.get(port, "localhost", "/index.html").text())
                        .isEqualTo("served by the webapp: GET /index.html\n");
            } finally {
                tomcat.stop();
            }
        }
    }

    @Nested
    class HttpFunction {
        @Test
        void proxiesToTheBootstrappedProcessAndStopsIt() throws Exception {
            int functionPort;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                functionPort = free.getLocalPort();
            }
            int port = start(p -> HttpFunctionServer.createServer(p, functionPort));

            Http response = Http.get(port, "localhost", "/web/orders?id=7");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).contains("\"runtime\":\"http-function\"", "\"path\":\"/web/orders\"",
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
