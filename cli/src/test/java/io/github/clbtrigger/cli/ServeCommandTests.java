package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ServeCommandTests {

    static final String HELLO_CONFIG = """
            {"LoadBalancerId": "lb-serve", "Listeners": [
              {"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": %d, "Rules": [
                {"LocationId": "loc-hello", "Domain": "localhost", "Url": "/hello", "DefaultServer": true,
                 "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello"},
                                      "Weight": 100}]}]}],
             "Functions": [{"FunctionName": "hello", "Type": "Event",
                            "Handler": "%s"}]}
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ServeCommand serve;

    @AfterEach
    void stop() {
        if (serve != null && serve.server != null) {
            serve.server.close();
        }
    }

    private int start(String... args) {
        CommandLine cli = Clb.commandLine();
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("serve"));
        all.addAll(java.util.List.of(args));
        if (!all.contains("--no-api") && !all.contains("--api-port")) {
            all.addAll(java.util.List.of("--api-port", "0")); // tests never take the default 4577
        }
        CommandLine.ParseResult parsed = cli.parseArgs(all.toArray(String[]::new));
        serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
        return serve.start();
    }

    private Path config(int port, String handler) throws IOException {
        return Files.writeString(dir.resolve("clb.json"), String.format(HELLO_CONFIG, port, handler));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void servesAJavaHandlerAndPrintsTheRouteTable() throws Exception {
        Path config = config(8080, "io.github.clbtrigger.cli.HelloHandler::mainHandler");

        assertThat(start("--config", config.toString(), "--port", "0")).as(stderr()).isZero();

        int port = serve.frontend.localPort(0);
        assertThat(stdout()).contains("listener lbl-http HTTP 8080 on http://127.0.0.1:" + port)
                .contains("/hello").contains("loc-hello").contains("default/hello:$LATEST")
                .contains("Try: curl http://localhost:" + port + "/hello");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/hello"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"message\":\"Hello, Ada!\",\"client\":\"127.0.0.1\"}");

        HttpResponse<String> missing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).startsWith("{\"errno\":404,");
    }

    @Test
    void servesHandlersFromClasspathEachInItsOwnClassLoader() throws Exception {
        Path source = Files.createDirectories(dir.resolve("src/example")).resolve("Counter.java");
        Files.writeString(source, """
                package example;

                import java.util.Map;

                public class Counter {
                    private static int calls;

                    public Map<String, Object> handle(Map<String, Object> event) {
                        return Map.of("statusCode", 200, "body", "call " + (++calls));
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), source.toString())).isZero();
        Path config = Files.writeString(dir.resolve("counter.json"), """
                {"LoadBalancerId": "lb", "Listeners": [{"ListenerId": "lbl-1", "Protocol": "HTTP", "Port": 8080,
                  "Rules": [
                    {"LocationId": "loc-a", "Domain": "localhost", "Url": "/a",
                     "FunctionTargets": [{"Function": {"FunctionName": "a"}, "Weight": 100}]},
                    {"LocationId": "loc-b", "Domain": "localhost", "Url": "/b",
                     "FunctionTargets": [{"Function": {"FunctionName": "b"}, "Weight": 100}]}]}],
                 "Functions": [{"FunctionName": "a", "Handler": "example.Counter::handle"},
                               {"FunctionName": "b", "Handler": "example.Counter::handle"}]}
                """);

        assertThat(start("--config", config.toString(), "--port", "0", "--classpath", classes.toString()))
                .as(stderr()).isZero();

        int port = serve.frontend.localPort(0);
        HttpClient client = HttpClient.newHttpClient();
        java.util.List<String> bodies = new java.util.ArrayList<>();
        for (String path : new String[] {"/a", "/a", "/b"}) {
            bodies.add(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        assertThat(bodies).as("each function has its own copy of the class and its static state")
                .containsExactly("call 1", "call 2", "call 1");
    }

    @Test
    void servesHttpsListenersWithASelfSignedCertificate() throws Exception {
        Path config = Files.writeString(dir.resolve("tls.json"), String.format(HELLO_CONFIG, 8443,
                "io.github.clbtrigger.cli.HelloHandler::mainHandler").replace("\"HTTP\"", "\"HTTPS\""));

        assertThat(start("--config", config.toString(), "--port", "0", "--custom-headers", "X-Uri"))
                .as(stderr()).isZero();

        int port = serve.frontend.localPort(0);
        assertThat(stdout()).contains("self-signed certificate").contains("on https://127.0.0.1:" + port);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
        javax.net.ssl.SSLParameters noHostnameCheck = new javax.net.ssl.SSLParameters();
        noHostnameCheck.setEndpointIdentificationAlgorithm(null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).sslParameters(noHostnameCheck).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"message\":\"Hello, world!\"");
        assertThat(response.version()).as("HTTP/1.1 is the default").isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void httpsListenersSpeakHttp2ByAlpnAndTheEventSaysSo() throws Exception {
        Path config = Files.writeString(dir.resolve("h2.json"), String.format(HELLO_CONFIG, 8443,
                "io.github.clbtrigger.cli.EchoEventHandler::handle").replace("\"HTTP\"", "\"HTTPS\""));
        assertThat(start("--config", config.toString(), "--port", "0", "--debug")).as(stderr()).isZero();
        int port = serve.frontend.localPort(0);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
        // no SSLParameters of our own: the JDK client then offers no ALPN (and TrustEverything skips the name check)
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/hello")).header("X-Trace", "t1").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.headers().map() + " " + response.body()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        com.fasterxml.jackson.databind.JsonNode headers =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("headers");
        assertThat(headers.path("X-Client-Proto-Ver").asText()).isEqualTo("HTTP/2.0");
        assertThat(headers.path("X-Client-Proto").asText()).isEqualTo("https");
        assertThat(headers.path("x-trace").asText()).as("h2 header names arrive lower-cased, as CLB passes them")
                .isEqualTo("t1");
    }

    @Test
    void aProblemInTheFunctionsSectionIsAConfigErrorAndNothingStarts() throws Exception {
        Path config = Files.writeString(dir.resolve("timeout.json"), String.format(HELLO_CONFIG, 8080,
                "io.github.clbtrigger.cli.HelloHandler::mainHandler").replace("\"Type\": \"Event\",",
                "\"Type\": \"Event\", \"Timeout\": \"abc\","));

        assertThat(start("--config", config.toString(), "--port", "0")).isEqualTo(2);
        assertThat(stderr().lines()).hasSize(2).first().isEqualTo("clb serve: invalid config " + config);
        assertThat(stderr().lines().skip(1)).singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith("  InvalidParameter.FormatError: $.Functions[0].Timeout: ");
        assertThat(serve.frontend).isNull();
    }

    @Test
    void httpsListenersAnswerAClientThatOffersOnlyHttp11ByAlpn() throws Exception {
        Path config = Files.writeString(dir.resolve("h1.json"), String.format(HELLO_CONFIG, 8443,
                "io.github.clbtrigger.cli.HelloHandler::mainHandler").replace("\"HTTP\"", "\"HTTPS\""));
        assertThat(start("--config", config.toString(), "--port", "0")).as(stderr()).isZero();
        int port = serve.frontend.localPort(0);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustingTls().getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            javax.net.ssl.SSLParameters alpn = socket.getSSLParameters();
            alpn.setApplicationProtocols(new String[] {"http/1.1"});   // what curl --http1.1 offers
            socket.setSSLParameters(alpn);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
            socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200 ").contains("{\"message\":\"Hello, world!\"");
        }
    }

    @Test
    void anHttpsListenerServesTheKeystoreItsConfigNames() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        KeystoresTests.keytool(tls.resolve("site.p12"), "PKCS12", "s3cret", "s3cret");
        String https = String.format(HELLO_CONFIG, 8443, "io.github.clbtrigger.cli.HelloHandler::mainHandler")
                .replace("\"Protocol\": \"HTTP\", \"Port\": 8443,", "\"Protocol\": \"HTTPS\", \"Port\": 8443, "
                        + "\"Keystore\": {\"Path\": \"tls/site.p12\", \"Password\": \"%s\"},");
        Path wrong = Files.writeString(dir.resolve("wrong.json"), https.formatted("nope"));
        assertThat(start("--config", wrong.toString(), "--port", "0")).isEqualTo(2);
        assertThat(stderr()).startsWith("clb serve: invalid config " + wrong + "\n  InvalidParameter.FormatError: "
                + "$.Listeners[0].Keystore [lbl-http]: cannot open " + tls.resolve("site.p12") + " as PKCS12: ")
                .hasLineCount(2);
        assertThat(stderr()).doesNotContain("nope");

        Path config = Files.writeString(dir.resolve("https.json"), https.formatted("s3cret"));
        assertThat(start("--config", config.toString(), "--port", "0")).as(stderr()).isZero();
        assertThat(stdout()).contains("HTTPS listener lbl-http: using the keystore " + tls.resolve("site.p12"));
        int port = serve.frontend.localPort(0);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustingTls().getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            assertThat(((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName()).isEqualTo("CN=test.local");
        }
    }

    /** One listener (protocol, port): /hello on other.example.com is Hello, on localhost the event echo. */
    static final String TWO_DOMAINS = """
            {"LoadBalancerId": "lb", "Listeners": [{"ListenerId": "lbl", "Protocol": "%s", "Port": %d,
              "Rules": [
                {"LocationId": "loc-other", "Domain": "other.example.com", "Url": "/hello",
                 "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello"}, "Weight": 100}]},
                {"LocationId": "loc-local", "Domain": "localhost", "Url": "/hello",
                 "FunctionTargets": [{"Function": {"FunctionName": "echo"}, "Weight": 100}]}]}],
             "Functions": [{"FunctionName": "hello", "Handler": "io.github.clbtrigger.cli.HelloHandler::mainHandler"},
                           {"FunctionName": "echo", "Handler": "io.github.clbtrigger.cli.EchoEventHandler::handle"}]}
            """;

    @Test
    void http2RequestsAreRoutedByTheirAuthorityWhichTheEventCarriesAsHost() throws Exception {
        Path config = Files.writeString(dir.resolve("authority.json"), TWO_DOMAINS.formatted("HTTPS", 8443));
        assertThat(start("--config", config.toString(), "--port", "0", "--debug")).as(stderr()).isZero();
        int port = serve.frontend.localPort(0);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trustingTls()).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/hello")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).as(response.headers().map() + " " + response.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode headers =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("headers");
        assertThat(headers.path("host").asText())
                .as("localhost's rule answered (not the default domain's), and the event names the host")
                .isEqualTo("localhost:" + port);
        assertThat(headers.path("X-Client-Proto-Ver").asText()).isEqualTo("HTTP/2.0");
    }

    @Test
    void anAbsoluteFormTargetIsRoutedByItsAuthorityNotTheHostHeaderAsNginxDoes() throws Exception {
        Path config = Files.writeString(dir.resolve("absolute.json"), TWO_DOMAINS.formatted("HTTP", 8080));
        assertThat(start("--config", config.toString(), "--port", "0")).as(stderr()).isZero();
        int port = serve.frontend.localPort(0);

        String echoed = raw(port, "GET http://LocalHost/hello HTTP/1.1\r\nHost: other.example.com\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(echoed).startsWith("HTTP/1.1 200 ");
        com.fasterxml.jackson.databind.JsonNode headers = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(echoed.substring(echoed.indexOf("\r\n\r\n") + 4)).path("headers");
        assertThat(headers.path("Host").asText()).as("the event names the host it was routed by")
                .isEqualTo("LocalHost");
        assertThat(raw(port, "GET http://other.example.com/hello HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ").contains("Hello, world!");

        String https = raw(port, "GET https://localhost/hello HTTP/1.1\r\nHost: other.example.com\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(https).startsWith("HTTP/1.1 200 ");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(https.substring(https.indexOf("\r\n\r\n")
                + 4)).path("headers").path("X-Forwarded-Proto").asText())
                .as("the scheme is the connection's, not the target's").isEqualTo("http");
        String http10 = raw(port, "GET http://localhost/hello HTTP/1.0\r\n\r\n");
        assertThat(http10).as("HTTP/1.0 without Host: the target's authority still routes").startsWith("HTTP/1.1 200 ")
                .contains("\"Host\":\"localhost\"");
        assertThat(raw(port, "GET /hello HTTP/1.0\r\n\r\n")).as("no host at all: the default domain (the first)")
                .startsWith("HTTP/1.1 200 ").contains("Hello, world!");
    }

    private static javax.net.ssl.SSLContext trustingTls() throws Exception {
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
        return tls;
    }

    /** The test trusts the certificate clb serve generated, as a user passing curl -k does. */
    private static final class TrustEverything extends javax.net.ssl.X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {}

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth, java.net.Socket s) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth, java.net.Socket s) {}

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth,
                javax.net.ssl.SSLEngine e) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth,
                javax.net.ssl.SSLEngine e) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    /** Compiles {@code example.NAME}: {@code handle(String)} sleeps, then answers 200 with BODY; returns its classes. */
    private Path compileSleepingHandler(String name, long sleepMillis, String body) throws IOException {
        Path source = Files.createDirectories(dir.resolve("src/example")).resolve(name + ".java");
        Files.writeString(source, """
                package example;

                public class %s {
                    public String handle(String event) throws InterruptedException {
                        Thread.sleep(%d);
                        return "{\\"statusCode\\": 200, \\"body\\": \\"%s\\"}";
                    }
                }
                """.formatted(name, sleepMillis, body));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), source.toString())).isZero();
        return classes;
    }

    @Test
    void stoppingLetsRequestsInFlightFinish() throws Exception {
        Path classes = compileSleepingHandler("Slow", 1500, "done");
        Path config = config(8080, "example.Slow::handle").getParent().resolve("slow.json");
        Files.writeString(config, String.format(HELLO_CONFIG, 8080, "example.Slow::handle")
                .replace("\"Type\": \"Event\",", "\"Type\": \"Event\", \"Timeout\": 5,"));
        assertThat(start("--config", config.toString(), "--port", "0", "--classpath", classes.toString()))
                .as(stderr()).isZero();
        int port = serve.frontend.localPort(0);

        var inFlight = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        serve.frontend.stop();

        HttpResponse<String> response = inFlight.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("done");
    }

    @Test
    void aRequestInFlightAtSigtermIsAnsweredAndItsAccessLogLineWritten() throws Exception {
        Path classes = compileSleepingHandler("Slow", 2000, "done");
        Path config = Files.writeString(dir.resolve("slow.json"), String.format(HELLO_CONFIG, 8080,
                "example.Slow::handle").replace("\"Type\": \"Event\",", "\"Type\": \"Event\", \"Timeout\": 10,"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path log = dir.resolve("serve.log");
        Process clb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Clb.class.getName(), "serve",
                "--config", config.toString(), "--port", Integer.toString(port), "--classpath", classes.toString(),
                "--no-api")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("Ctrl-C stops.") && System.nanoTime() < deadline) {
                assertThat(clb.isAlive()).as(Files.readString(log)).isTrue();
                Thread.sleep(100);
            }
            var inFlight = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(700);
            clb.destroy(); // SIGTERM

            assertThat(inFlight.get(20, java.util.concurrent.TimeUnit.SECONDS).body()).isEqualTo("done");
            assertThat(clb.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(clb.exitValue()).isEqualTo(143);
            assertThat(Files.readString(log)).as("the access log line of the request the stop let finish")
                    .contains("GET \"/hello\" loc-hello default/hello:$LATEST 200 4 ");
        } finally {
            clb.destroyForcibly();
        }
    }

    @Test
    void aRequestStillRunningWhenTheStopGraceEndsGetsA502NotAnEmpty200() throws Exception {
        Path classes = compileSleepingHandler("Stuck", 20_000, "late");
        Path config = Files.writeString(dir.resolve("stuck.json"), String.format(HELLO_CONFIG, 8080,
                "example.Stuck::handle").replace("\"Type\": \"Event\",", "\"Type\": \"Event\", \"Timeout\": 60,"));
        assertThat(start("--config", config.toString(), "--port", "0", "--classpath", classes.toString(), "--debug"))
                .as(stderr()).isZero();
        serve.frontend.stopGrace = Duration.ofMillis(500);
        int port = serve.frontend.localPort(0);

        var inFlight = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        long start = System.nanoTime();
        serve.frontend.stop();

        HttpResponse<String> response = inFlight.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).startsWith("{\"errno\":502,");
        assertThat(response.headers().firstValue("X-Clb-Debug-Reason"))
                .hasValueSatisfying(v -> assertThat(v).contains("the frontend stopped before function"));
        assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    /** Sends raw bytes on a new connection and returns everything the server sends back before it closes. */
    private static String raw(int port, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void requestsJettyRefusesBeforeTheFilterGetNginxsStatusWithTheClbErrorBody() throws Exception {
        Path config = config(8080, "io.github.clbtrigger.cli.HelloHandler::mainHandler");
        assertThat(start("--config", config.toString(), "--port", "0")).as(stderr()).isZero();
        int port = serve.frontend.localPort(0);
        String big = "a".repeat(20_000);

        assertThat(raw(port, "PUT /hello HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                .endsWith("\r\n\r\n{\"errno\":400,\"error\":\"Bad request.\"}").doesNotContain("<html");
        assertThat(raw(port, "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ").endsWith("{\"errno\":400,\"error\":\"Bad request.\"}");
        assertThat(raw(port, "GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Big: " + big + "\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ")
                .endsWith("{\"errno\":400,\"error\":\"Request header or cookie too large.\"}");
        String cookies = "Cookie: a=" + "a".repeat(4000) + "\r\nCookie: b=" + "b".repeat(4000) + "\r\nCookie: c="
                + "c".repeat(4000) + "\r\n";
        assertThat(raw(port, "GET /hello HTTP/1.1\r\nHost: localhost\r\n" + cookies + "Connection: close\r\n\r\n"))
                .as("12 KiB of headers, no line over 8 KiB: nginx's buffers hold them").startsWith("HTTP/1.1 200 ");
        assertThat(raw(port, "GET /hello?" + "q".repeat(2000) + " HTTP/1.1\r\nHost: localhost\r\n"
                + ("X-Seven: " + "s".repeat(7000) + "\r\n").repeat(4) + "\r\n"))
                .as("a request line over 1 KiB takes the first 8 KiB buffer, as in nginx").startsWith("HTTP/1.1 400 ");
        assertThat(raw(port, "GET /hello HTTP/1.1\r\nHost: localhost\r\n" + ("X-Four: " + "f".repeat(4500) + "\r\n")
                .repeat(5) + "\r\n")).as("22.5 KB, but nginx's 8 KiB buffers hold whole lines: one 4.5 KB line each")
                .startsWith("HTTP/1.1 400 ");
        assertThat(raw(port, "GET /hello HTTP/1.1\r\nHost: localhost\r\n" + ("X-Four: " + "f".repeat(3900) + "\r\n")
                .repeat(8) + "Connection: close\r\n\r\n")).as("two such lines to a buffer").startsWith("HTTP/1.1 200 ");
        assertThat(raw(port, "GET /hello HTTP/1.1\r\nHost: localhost\r\n" + cookies.repeat(3) + "\r\n"))
                .startsWith("HTTP/1.1 400 ")
                .endsWith("{\"errno\":400,\"error\":\"Request header or cookie too large.\"}");
        assertThat(raw(port, "GET /" + big + " HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                .startsWith("HTTP/1.1 414 ").endsWith("{\"errno\":414,\"error\":\"Request-URI too large.\"}");
        assertThat(raw(port, "GET /hello HTTP/2.0\r\nHost: localhost\r\n\r\n"))
                .startsWith("HTTP/1.1 505 ").endsWith("{\"errno\":505,\"error\":\"HTTP version not supported.\"}");
        assertThat(raw(port, "HEAD /hello HTTP/1.1\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ").contains("Content-Length: 36").endsWith("\r\n\r\n");
    }

    /**
     * Request lines and framings where Jetty alone would answer otherwise than nginx 1.22 (measured side by side):
     * targets nginx routes that Jetty's URI checks refused, and methods, codings and targets nginx refuses that Jetty
     * passed on.
     */
    @Test
    void theHttpLayerAnswersWhatNginxAnswers() throws Exception {
        Path config = config(8080, "io.github.clbtrigger.cli.HelloHandler::mainHandler");
        assertThat(start("--config", config.toString(), "--port", "0")).as(stderr()).isZero();
        int port = serve.frontend.localPort(0);
        String[][] cases = {
            {"GET /hello/\u00c3\u00a9 HTTP/1.1", "", "200"},       // raw UTF-8 bytes
            {"GET /hello/\u00e9 HTTP/1.1", "", "400"},              // a raw byte that is not UTF-8 (a difference)
            {"GET //hello:b HTTP/1.1", "", "200"},                   // Jetty's startAsync threw for these: a 500
            {"GET //hello> HTTP/1.1", "", "200"},
            {"GET /hello/%ff HTTP/1.1", "", "200"},
            {"GET /hello\\x HTTP/1.1", "", "200"},
            {"GET /hello{}|^`<> HTTP/1.1", "", "200"},
            {"GET /hello/..;/x HTTP/1.1", "", "200"},
            {"get /hello HTTP/1.1", "", "400"},
            {"GE.T /hello HTTP/1.1", "", "400"},
            {"TRACE /hello HTTP/1.1", "", "405"},
            {"GET http://user@localhost/hello HTTP/1.1", "", "400"},
            {"GET http://a_b/hello HTTP/1.1", "", "400"},
            {"POST /hello HTTP/1.1", "Transfer-Encoding: gzip, chunked\r\n", "501"},
            {"POST /hello HTTP/1.1", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", "400"},
            {"POST /hello HTTP/1.0", "Transfer-Encoding: chunked\r\n", "400"},
            {"POST /hello HTTP/1.1", "Transfer-Encoding: chunked\r\n", "200"},
            {"GET /hello HTTP/1.1", "X-No-Colon\r\n", "200"},
        };
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1_500); // under the 2 s a drain would wait
            socket.getOutputStream().write(("Post /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] first = new byte[12];
            assertThat(new String(first, 0, socket.getInputStream().readNBytes(first, 0, 12), StandardCharsets.ISO_8859_1))
                    .as("refused at once, with no 100 Continue inviting the body").isEqualTo("HTTP/1.1 400");
        }
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("Post /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(new byte[5_000_000]); // a reset on the body would fail this write
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .as("refused, with the body read first as nginx discards it").startsWith("HTTP/1.1 400 ");
        }
        assertThat(raw(port, "POST /hello HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/json\r\n\r\n2\n{}\n0\n\n")).as("bare-LF chunked framing, as nginx takes it")
                .startsWith("HTTP/1.1 200 ");
        for (String[] c : cases) {
            String answer = raw(port, c[0] + "\r\nHost: localhost\r\n" + c[1] + "Content-Type: application/json\r\n"
                    + "Connection: keep-alive\r\n\r\n" + (c[1].contains("Transfer") ? "2\r\n{}\r\n0\r\n\r\n" : ""));
            assertThat(answer).as(c[0] + " " + c[1]).startsWith("HTTP/1.1 " + c[2] + " ");
            if (c[2].equals("400") || c[2].equals("501")) {
                assertThat(answer).as("nginx closes after refusing a request").contains("Connection: close");
            }
        }
    }

    @Test
    void duringTheStopNewConnectionsAreRefusedIdleOnesClosedAndARequestInFlightIsAnsweredWithConnectionClose()
            throws Exception {
        Path classes = compileSleepingHandler("Slow", 1500, "done");
        Path config = Files.writeString(dir.resolve("slow.json"), String.format(HELLO_CONFIG, 8080,
                "example.Slow::handle").replace("\"Type\": \"Event\",", "\"Type\": \"Event\", \"Timeout\": 5,"));
        assertThat(start("--config", config.toString(), "--port", "0", "--classpath", classes.toString()))
                .as(stderr()).isZero();
        int port = serve.frontend.localPort(0);
        try (java.net.Socket idle = new java.net.Socket(InetAddress.getLoopbackAddress(), port);
                java.net.Socket busy = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            idle.setSoTimeout(10_000);
            busy.setSoTimeout(10_000);
            var idleIn = new java.io.BufferedInputStream(idle.getInputStream());
            idle.getOutputStream().write("GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(idleIn)).startsWith("HTTP/1.1 404 ").doesNotContain("Connection: close");

            busy.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(500);
            Thread stopping = new Thread(serve.frontend::stop);
            stopping.start();
            Thread.sleep(300);
            assertThat(idleIn.read()).as("the idle kept-alive connection is closed, as nginx closes it").isEqualTo(-1);
            assertThatThrownBy(() -> new java.net.Socket(InetAddress.getLoopbackAddress(), port).close())
                    .as("a new connection is refused").isInstanceOf(java.net.ConnectException.class);
            assertThat(readResponse(new java.io.BufferedInputStream(busy.getInputStream())))
                    .as("the request in flight finishes, and its connection closes after it")
                    .startsWith("HTTP/1.1 200 ").contains("Connection: close").endsWith("done");
            stopping.join(15_000);
        }
    }

    /** One response with a Content-Length body, read from a kept-alive connection. */
    private static String readResponse(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return head + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void aMissingConfigIsAUsageError() {
        assertThat(start("--config", dir.resolve("nope.json").toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("clb serve: config file not found: " + dir.resolve("nope.json") + "\n");
    }

    @Test
    void anInvalidConfigPrintsItsClbErrorCodes() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.json"), """
                {"LoadBalancerId": "lb", "Listeners": [{"ListenerId": "lbl-1", "Protocol": "HTTP", "Port": 80,
                  "Rules": [{"LocationId": "loc-1", "Domain": "a.com", "Url": "/x"},
                            {"LocationId": "loc-2", "Domain": "a.com", "Url": "/x"}]}]}
                """);

        assertThat(start("--config", config.toString())).isEqualTo(2);
        assertThat(stderr()).startsWith("clb serve: invalid config ").contains("InvalidParameterValue.Duplicate: ");
    }

    @Test
    void aPortInUseIsAOneLineError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = config(taken.getLocalPort(), "io.github.clbtrigger.cli.HelloHandler::mainHandler");

            assertThat(start("--config", config.toString())).isEqualTo(1);
            assertThat(stderr()).startsWith("clb serve: a port is in use").contains("--port");
            assertThat(stderr().strip()).doesNotContain("\n");
        }
    }

    @Test
    void aHandlerClassThatDoesNotExistIsAOneLineError() throws IOException {
        Path config = config(8080, "example.Missing::handle");

        assertThat(start("--config", config.toString(), "--port", "0")).isEqualTo(1);
        assertThat(stderr()).startsWith("clb serve: ").contains("example.Missing");
        assertThat(stderr().strip()).doesNotContain("\n");
    }

    @Test
    void aPortOtherThanZeroNeedsASingleListener() throws IOException {
        Path config = Files.writeString(dir.resolve("two.json"), RouteCommandTests.CONFIG);

        assertThat(start("--config", config.toString(), "--port", "8081")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("clb serve: one port (8081) for every listener needs a config with exactly "
                + "one HTTP/HTTPS listener; this one has 2 (0 gives each a free port)\n");
        assertThat(serve.frontend).isNull();
    }

    @Test
    void portZeroGivesEveryListenerAFreePortAndEachServesItsOwnRules() throws Exception {
        Path config = Files.writeString(dir.resolve("two.json"), TWO_LISTENERS);
        Path portsFile = dir.resolve("run/ports.json");
        Files.createDirectories(portsFile.getParent());

        assertThat(start("--config", config.toString(), "--port", "0", "--ports-file", portsFile.toString()))
                .as(stderr()).isZero();

        int a = serve.frontend.localPort(0);
        int b = serve.frontend.localPort(1);
        assertThat(a).isNotEqualTo(b).isPositive();
        assertThat(b).isPositive();
        assertThat(Files.readString(portsFile)).isEqualTo("{\"lbl-a\": " + a + ", \"lbl-b\": " + b + "}\n");
        try (var files = Files.list(portsFile.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(portsFile);
        }
        HttpClient client = HttpClient.newHttpClient();
        for (int[] expected : new int[][] {{a, 200, 404}, {b, 404, 200}}) {
            HttpResponse<String> one = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + expected[0] + "/one")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> two = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + expected[0] + "/two")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(one.statusCode()).as("/one on port " + expected[0]).isEqualTo(expected[1]);
            assertThat(two.statusCode()).as("/two on port " + expected[0]).isEqualTo(expected[2]);
        }
    }

    @Test
    void thePortsFileNamesEveryListenerOfASingleListenerConfigToo() throws Exception {
        Path config = config(8080, "io.github.clbtrigger.cli.HelloHandler::mainHandler");
        Path portsFile = dir.resolve("ports.json");
        Files.writeString(portsFile, "stale");

        assertThat(start("--config", config.toString(), "--port", "0", "--ports-file", portsFile.toString()))
                .as(stderr()).isZero();

        assertThat(Files.readString(portsFile)).isEqualTo("{\"lbl-http\": " + serve.frontend.localPort(0) + "}\n");
    }

    @Test
    void aPortsFileThatCannotBeWrittenStopsTheServer() throws Exception {
        Path config = config(8080, "io.github.clbtrigger.cli.HelloHandler::mainHandler");

        assertThat(start("--config", config.toString(), "--port", "0", "--ports-file",
                dir.resolve("no/such/dir/ports.json").toString())).isEqualTo(1);
        assertThat(stderr()).startsWith("clb serve: could not write --ports-file ");
        assertThat(serve.frontend).isNull();
    }

    static final String TWO_LISTENERS = """
            {"LoadBalancerId": "lb-two", "Listeners": [
              {"ListenerId": "lbl-a", "Protocol": "HTTP", "Port": 8080, "Rules": [
                {"LocationId": "loc-one", "Domain": "localhost", "Url": "/one", "DefaultServer": true,
                 "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello"}, "Weight": 100}]}]},
              {"ListenerId": "lbl-b", "Protocol": "HTTP", "Port": 8081, "Rules": [
                {"LocationId": "loc-two", "Domain": "localhost", "Url": "/two", "DefaultServer": true,
                 "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello"}, "Weight": 100}]}]}],
             "Functions": [{"FunctionName": "hello", "Type": "Event",
                            "Handler": "io.github.clbtrigger.cli.HelloHandler::mainHandler"}]}
            """;

    @Test
    void findsTheBundledSampleUnderClbHome() {
        String before = System.getProperty("clb.home");
        try {
            System.setProperty("clb.home", Path.of("..").toAbsolutePath().normalize().toString());
            assertThat(ServeCommand.bundledConfig()).isNotNull().endsWith(Path.of("samples", "clb.json"));
            System.setProperty("clb.home", dir.toString());
            assertThat(ServeCommand.bundledConfig()).isNull();
        } finally {
            if (before == null) {
                System.clearProperty("clb.home");
            } else {
                System.setProperty("clb.home", before);
            }
        }
    }
}
