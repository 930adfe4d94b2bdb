package io.github.clbtrigger.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.clbtrigger.cli.ClbServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The socket path: the extension starts clb serve's frontend for the class and injects what a test needs. */
@ClbTrigger(config = "clb-test.json")
class ClbTriggerTests {

    @Test
    void everyBindingAnswersOverHttp(ClbClient clb) {
        ClbResponse map = clb.get("/map");
        assertThat(map.status()).isEqualTo(200);
        assertThat(map.bodyText()).isEqualTo("map for localhost");
        assertThat(map.header("x-binding")).hasValue("map");

        ClbResponse pojo = clb.send(ClbRequest.get("/pojo").host("api.example.com").build());
        assertThat(pojo.status()).isEqualTo(201);
        assertThat(pojo.bodyText()).isEqualTo("pojo for api.example.com");

        assertThat(clb.get("/context").bodyText()).matches("256MB 5000ms [0-9a-f-]{36}");
    }

    @Test
    void clbsOwnAnswersComeFromTheRealHttpLayer(ClbClient clb) {
        assertThat(clb.get("/nowhere").bodyText()).isEqualTo("{\"errno\":404,\"error\":\"Not found.\"}");
        assertThat(clb.get("/dir?page=2").header("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/dir/?page=2"));
        assertThat(clb.get("/empty").status()).isEqualTo(503);
        assertThat(clb.get("/bad").status()).isEqualTo(403);
        // nginx's HTTP layer, which the in-memory path does not have: an HTTP/1.1 request without Host is a 400
        assertThat(clb.send(ClbRequest.get("/map").noHost().build()).status()).isEqualTo(400);
    }

    @Test
    void theServerNamesItsPortsAndUris(ClbServer server, ClbClient clb) {
        int port = server.port("lbl-http");

        assertThat(server.ports()).containsExactly(Map.entry("lbl-http", port));
        assertThat(server.uri("lbl-http")).hasToString("http://127.0.0.1:" + port + "/");
        assertThat(clb.send("GET", "http://127.0.0.1:" + port, "/map", Map.of("Host", "elsewhere.org"), null)
                .bodyText()).isEqualTo("map for elsewhere.org");
        assertThatThrownBy(() -> server.port("lbl-nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHarnessServesTheSameConfiguration(ClbHarness harness) {
        assertThat(harness.exchange(ClbRequest.get("/map").build()).locationId()).hasValue("loc-map");
    }

    @Nested
    class NestedClasses {
        @Test
        void shareTheEnclosingServer(ClbServer server) {
            assertThat(server.listenerIds()).containsExactly("lbl-http");
        }
    }

    /** Two listeners, each on a free port of its own, one of them HTTPS with a self-signed certificate. */
    @Nested
    @ClbTrigger(config = "two-listeners.json")
    class SeveralListeners {
        @Test
        void eachListenerServesItsRules(ClbClient clb, ClbServer server) {
            assertThat(server.port("lbl-a")).isNotEqualTo(server.port("lbl-b"));
            assertThat(server.uri("lbl-b").getScheme()).isEqualTo("https");

            assertThat(clb.send(ClbRequest.get("/").listener("lbl-a").build()).bodyText())
                    .isEqualTo("map for localhost");
            assertThat(clb.send(ClbRequest.get("/x").listener("lbl-b").build()).bodyText())
                    .contains("\"X-Client-Proto\":\"https\"");
            assertThatThrownBy(() -> clb.get("/")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 listeners");
        }
    }

    /** A server per test: the one a test had is closed once it ends. */
    @Nested
    @ClbTrigger(config = "clb-test.json", lifecycle = ClbTrigger.Lifecycle.PER_METHOD)
    class PerMethod {
        static int previous;

        @Test
        void first(ClbServer server) {
            check(server);
        }

        @Test
        void second(ClbServer server) {
            check(server);
        }

        private void check(ClbServer server) {
            int port = server.port("lbl-http");
            assertThat(port).isNotEqualTo(previous);
            if (previous != 0) {
                assertThat(accepts(previous)).as("the previous test's server is stopped").isFalse();
            }
            previous = port;
        }
    }

    static int classServerPort;

    @Test
    void recordsItsPort(ClbServer server) {
        classServerPort = server.port("lbl-http");
    }

    @AfterAll
    static void theClassServerIsStillUpInAfterAll() {
        // the extension's afterAll runs after this class's @AfterAll methods: still serving here
        assertThat(classServerPort == 0 || accepts(classServerPort)).isTrue();
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The plain API under the extension, without JUnit. */
    @Nested
    class WithoutJUnit {
        @Test
        void startSendClose() throws Exception {
            ClbServer server = ClbServer.builder().configFile(Path.of("src/test/resources/clb-test.json")).port(0)
                    .start();
            int port;
            try (server) {
                port = server.port("lbl-http");
                assertThat(ClbClient.of(server).get("/map").bodyText()).isEqualTo("map for localhost");
            }
            assertThat(accepts(port)).isFalse();
            assertThatThrownBy(() -> ClbClient.of(server.uri("lbl-http")).get("/map"))
                    .isInstanceOf(UncheckedIOException.class);
        }

        @Test
        void aPortForAListenerTheConfigurationLacksIsAConfigError() {
            assertThatThrownBy(() -> ClbServer.builder().configFile(Path.of("src/test/resources/clb-test.json"))
                    .port("lbl-nope", 0).start())
                    .isInstanceOfSatisfying(ClbServer.StartException.class, e -> {
                        assertThat(e.configError()).isTrue();
                        assertThat(e).hasMessageContaining("lbl-nope");
                    });
        }

        @Test
        void aBadConfigurationIsAConfigError() {
            assertThatThrownBy(() -> ClbServer.builder().config("{\"LoadBalancerId\": 1}").start())
                    .isInstanceOfSatisfying(ClbServer.StartException.class,
                            e -> assertThat(e.configError()).isTrue());
        }
    }
}
