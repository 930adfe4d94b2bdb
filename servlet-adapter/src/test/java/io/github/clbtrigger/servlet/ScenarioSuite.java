package io.github.clbtrigger.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario suite: the same requests over real HTTP against every container (a subclass per container). One
 * server with the filter (debug on, pass-through) in front of a plain servlet; 404 mode and hot reload get servers
 * of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ScenarioSuite {

    /** How many quick calls in a row move an in-process function onto the container's thread (see ClbFunction). */
    static final int QUICK_STREAK = 32;

    /** Released by tests to let the {@code limited} function finish. */
    private volatile CountDownLatch limitedRelease = new CountDownLatch(1);
    private volatile CountDownLatch limitedEntered = new CountDownLatch(1);

    private Path dir;

    private ServletContainer container;
    private ClbTriggerFilter filter;
    private URI base;
    private HttpServer remote;
    private ServerSocket stalling;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    abstract ServletContainer newContainer();

    /** Tomcat refuses a malformed Host (and bad URIs) itself, with its own 400 page, before filters run. */
    boolean containerRejectsMalformedHosts() {
        return false;
    }

    /** The servlet behind the filter: echoes the path and the number of body bytes it could still read. */
    public static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            long n = req.getInputStream().readAllBytes().length;
            res.setContentType("text/plain");
            res.getWriter().print("servlet " + req.getMethod() + " " + req.getRequestURI() + " read=" + n);
        }
    }

    @BeforeAll
    void startServer(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        remote = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        remote.createContext("/invoke", exchange -> {
            JsonNode event = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            byte[] out = Json.MAPPER.writeValueAsBytes(Map.of("statusCode", 200,
                    "headers", Map.of("Content-Type", "text/plain", "X-Request-Id",
                            exchange.getRequestHeaders().getFirst("X-Scf-Request-Id")),
                    "body", "remote saw " + event.path("headers").path("X-Real-IP").asText()));
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        remote.createContext("/sleep", exchange -> {
            try {
                Thread.sleep(3_000);   // past the function's Timeout of 1 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        remote.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        remote.start();
        // an HTTP function that accepts connections and never answers
        stalling = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread holder = new Thread(() -> {
            java.util.List<Socket> held = new java.util.ArrayList<>();
            while (!stalling.isClosed()) {
                try {
                    held.add(stalling.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "stalling-function");
        holder.setDaemon(true);
        holder.start();

        Path config = dir.resolve("clb.json");
        Files.writeString(config, config());
        filter = registerFunctions(ClbTriggerFilter.builder().configFile(config).debug(true)).build();
        container = newContainer();
        base = container.start(filter, new AppServlet(), dir);
    }

    @AfterAll
    void stopServer() throws Exception {
        limitedRelease.countDown();
        if (container != null) {
            container.close();   // the container calls destroy(): every Bootstrap process and its children end
        }
        if (remote != null) {
            remote.stop(0);
        }
        if (stalling != null) {
            stalling.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && bootstrapProcesses() > 0) {
            Thread.sleep(50);
        }
        assertThat(bootstrapProcesses()).as("bootstrap processes left after destroy").isZero();
    }

    private static long bootstrapProcesses() {
        // by /proc: ProcessHandle.Info.commandLine() did not show the class name, so this check could not fail
        return Processes.httpFunctionServers();
    }

    private ClbTriggerFilterBuilder registerFunctions(ClbTriggerFilterBuilder b) {
        return b
                .function("image", (event, ctx) -> {
                    JsonNode e = Json.MAPPER.readTree(event);
                    if (!e.path("isBase64Encoded").asBoolean()) {
                        return "{\"statusCode\": 500, \"body\": \"expected Base64\"}";
                    }
                    byte[] image = Base64.getDecoder().decode(e.path("payload").asText());
                    return Json.MAPPER.writeValueAsString(Map.of("statusCode", 200, "isBase64Encoded", true,
                            "headers", Map.of("Content-Type", "image/png"),
                            "body", Base64.getEncoder().encodeToString(image)));
                })
                .function("cookies", (event, ctx) -> """
                        {"statusCode": 200, "headers": {"Content-Type": "text/plain", "Set-Cookie": ["a=1; Path=/", "b=2"]},
                         "body": "cookies"}""")
                .function("slow", (event, ctx) -> {
                    Thread.sleep(30_000);
                    return "{\"statusCode\": 200}";
                })
                .function("turns", (event, ctx) -> {
                    if (Json.MAPPER.readTree(event).path("headers").path("X-Stall").asText().equals("spin")) {
                        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
                        while (System.nanoTime() < until) {   // ignores interrupts until well after its timeout
                            Thread.onSpinWait();
                        }
                    }
                    return "{\"statusCode\": 200, \"body\": \"on " + Thread.currentThread().getName() + "\"}";
                })
                .function("bad", (event, ctx) -> "this is not JSON")
                .function("unicode", (event, ctx) -> """
                        {"statusCode": 200, "headers": {"X-City": "\u5317\u4eac \u20ac", "X-Cafe": "caf\u00e9",
                         "Date": "yesterday", "Server": "evil"}, "body": "x"}""")
                .function("limited", (event, ctx) -> {
                    limitedEntered.countDown();
                    limitedRelease.await();
                    return "{\"statusCode\": 200, \"body\": \"limited\"}";
                });
    }

    private String config() throws IOException {
        Path web = dir.resolve("functions/web");
        Files.createDirectories(web);
        Path bootstrap = web.resolve("bootstrap");
        Files.writeString(bootstrap, """
                #!/bin/bash
                # A FunctionGraph HTTP function: the handler set in bootstrap, listening on 127.0.0.1:$PORT
                # (PORT is set by the frontend from the config's Port).
                exec "$JAVA_BIN" -cp "$TEST_CP" io.github.clbtrigger.servlet.HttpFunctionServer "$PORT"
                """);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        String rules = String.join(",\n",
                rule("loc-echo", "/echo", "echo", true),
                rule("loc-image", "/image", "image", false),
                rule("loc-cookies", "/cookies", "cookies", false),
                rule("loc-dir", "/dir/", "echo", false),
                rule("loc-slow", "/slow", "slow", false),
                rule("loc-turns", "/turns", "turns", false),
                rule("loc-bad", "/bad", "bad", false),
                rule("loc-unicode", "/unicode", "unicode", false),
                rule("loc-boom", "/boom", "boom", false),
                rule("loc-limited", "/limited", "limited", false),
                rule("loc-tencent", "/tencent", "tencent", false),
                rule("loc-remote", "/remote", "remote", false),
                rule("loc-remote-slow", "/remote-slow", "remote-slow", false),
                rule("loc-web-stall", "/web-stall", "web-stall", false),
                rule("loc-web", "/web/", "web", false));
        return """
                {"LoadBalancerId": "lb-local",
                 "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080, "Rules": [
                %s]}],
                 "Functions": [
                  {"FunctionName": "echo", "Handler": "io.github.clbtrigger.functions.SampleHandlers::echo"},
                  {"FunctionName": "boom", "Handler": "io.github.clbtrigger.functions.SampleHandlers::boom"},
                  {"FunctionName": "tencent", "Handler": "io.github.clbtrigger.functions.SampleHandlers::clb", "MemorySize": 256},
                  {"FunctionName": "slow", "Timeout": 1},
                  {"FunctionName": "turns", "Timeout": 1},
                  {"FunctionName": "limited", "MaxConcurrency": 1, "Timeout": 30},
                  {"FunctionName": "remote", "Url": "http://127.0.0.1:%d/invoke"},
                  {"FunctionName": "remote-slow", "Url": "http://127.0.0.1:%d/sleep", "Timeout": 1},
                  {"FunctionName": "web-stall", "Type": "HTTP", "Url": "http://127.0.0.1:%d", "Timeout": 1},
                  {"FunctionName": "web", "Type": "HTTP", "Bootstrap": "functions/web/bootstrap", "Port": %d, "Timeout": 20,
                   "Environment": {"Variables": [{"Key": "STAGE", "Value": "local"},
                     {"Key": "JAVA_BIN", "Value": %s}, {"Key": "TEST_CP", "Value": %s}]}}]}
                """.formatted(rules, remote.getAddress().getPort(), remote.getAddress().getPort(), stalling.getLocalPort(), port,
                Json.MAPPER.writeValueAsString(java), Json.MAPPER.writeValueAsString(System.getProperty("java.class.path")));
    }

    static String rule(String locationId, String url, String function, boolean defaultServer) {
        return """
                  {"LocationId": "%s", "Domain": "example.com", "Url": "%s", "DefaultServer": %s,
                   "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "%s"}, "Weight": 100}]}"""
                .formatted(locationId, url, defaultServer, function);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder get(String target) {
        return HttpRequest.newBuilder(base.resolve(target));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    private static void assertClbError(HttpResponse<byte[]> r, int status) throws IOException {
        assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(r).path("errno").asInt()).isEqualTo(status);
        assertThat(json(r).path("error").isTextual()).isTrue();
    }

    // ---- the scenarios ------------------------------------------------------------------------------------------

    @Test
    void jsonPostRoundTrip() throws Exception {
        HttpResponse<byte[]> r = send(get("/echo?lang=java").header("Content-Type", "application/json")
                .header("X-Real-IP", "6.6.6.6").POST(BodyPublishers.ofString("{\"name\": \"clb\", \"n\": 1}")));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
        JsonNode event = json(r);   // the echo function answers with the event it got
        assertThat(event.path("payload").path("name").asText()).isEqualTo("clb");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.path("headers").path("X-Real-IP").asText()).as("the client cannot set X-Real-IP").isEqualTo("127.0.0.1");
        assertThat(event.path("headers").path("X-Client-Proto").asText()).isEqualTo("http");
        assertThat(event.path("headers").path("X-Client-Proto-Ver").asText()).isEqualTo("HTTP/1.1");
        assertThat(event.path("headers").path("X-Stgw-Time").asText()).matches("\\d+\\.\\d{3}");
        assertThat(filter.metrics().rule("loc-echo")).hasValueSatisfying(c -> assertThat(c.requests()).isPositive());
    }

    @Test
    void binaryImageRoundTrip() throws Exception {
        byte[] image = new byte[200_000];
        new Random(42).nextBytes(image);
        image[0] = (byte) 0x89;
        HttpResponse<byte[]> r = send(get("/image").header("Content-Type", "image/png").POST(BodyPublishers.ofByteArray(image)));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(r.body()).isEqualTo(image);
    }

    @Test
    void multiValuedSetCookie() throws Exception {
        HttpResponse<byte[]> r = send(get("/cookies"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1; Path=/", "b=2");
        assertThat(text(r)).isEqualTo("cookies");
    }

    @Test
    void unmatchedRequestsFallThroughToTheServletUntouched() throws Exception {
        HttpResponse<byte[]> r = send(get("/app/page").POST(BodyPublishers.ofString("12345")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("servlet POST /app/page read=5");
    }

    @Test
    void directoryRuleRedirectsWithTheQuery() throws Exception {
        HttpResponse<byte[]> r = send(get("/dir?x=1"));
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dir/?x=1"));
    }

    @Test
    void aLargeBodyToARedirectIsDroppedAndTheClientGetsTheRedirect() throws Exception {
        // nginx discards the body of a request it answers itself; closing on it would reset the connection, and the
        // client (still sending) would get a broken pipe, not the 301
        byte[] body = new byte[5_000_000];
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /dir HTTP/1.1\r\nHost: example.com\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 301");
        }
    }

    @Test
    void hostTheMatcherRejectsIs400() throws Exception {
        // java.net.http cannot set Host: a raw request. The container accepts this Host, the matcher does not.
        String response = raw("GET /echo HTTP/1.1\r\nHost: a..example.com\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response.toLowerCase(java.util.Locale.ROOT)).as("nginx closes after a request it refuses")
                .contains("connection: close");
        if (containerRejectsMalformedHosts()) {
            return;   // the container answered before any filter ran (documented in docs/servlet.md)
        }
        assertThat(response).contains("{\"errno\":400,\"error\":\"Bad request.\"}");
        assertThat(response.toLowerCase(java.util.Locale.ROOT)).contains("x-clb-debug-reason: bad request: host has two consecutive dots");
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void timeoutIs504WithinTheTimeout() throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> r = send(get("/slow"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertClbError(r, 504);
        assertThat(ms).isLessThan(2500);
        assertThat(r.headers().firstValue(ClbTriggerFilter.DEBUG_HEADER))
                .hasValueSatisfying(v -> assertThat(v).contains("default/slow:$LATEST", "Timeout 1 s"));
    }

    /** A remote event function and an HTTP function that answer after their Timeout: 504 (it was often 502). */
    @Test
    void aRemoteFunctionPastItsTimeoutIs504Too() throws Exception {
        for (String path : new String[] {"/remote-slow", "/web-stall"}) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = send(get(path));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertClbError(r, 504);
            assertThat(ms).as(path).isLessThan(2500);
        }
    }

    /**
     * A quick function runs on the container's thread (InProcessRuntime); when it then stalls, ignoring the
     * interrupt, the 504 still goes out within the timeout, from the timer's thread, on every container.
     */
    @Test
    void aQuickFunctionThatStallsOnTheContainersThreadIsStill504WithinTheTimeout() throws Exception {
        int calls = 0;
        while (new String(send(get("/turns")).body(), StandardCharsets.UTF_8).startsWith("on clb-function-")) {
            assertThat(++calls).as("calls before it ran on a container thread").isLessThan(20 * QUICK_STREAK);
        }
        long start = System.nanoTime();
        HttpResponse<byte[]> r = send(get("/turns").header("X-Stall", "spin"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertClbError(r, 504);
        assertThat(ms).isLessThan(2000);
        assertThat(send(get("/turns")).statusCode()).isEqualTo(200);
    }

    @Test
    void oversizeBodyIs413() throws Exception {
        byte[] big = new byte[6 * 1024 * 1024 + 1];
        HttpResponse<byte[]> r = send(get("/echo").header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(big)));
        assertClbError(r, 413);
    }

    @Test
    void anOversizeContentLengthIs413AtOnceWithoutWaitingForTheBody() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: example.com\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + (6 * 1024 * 1024 + 1)
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            byte[] head = new byte[12];
            int n = socket.getInputStream().readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 413");
            // not after the 2 s lingering close of the unread body (Undertow sent it only then)
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);
        }
    }

    @Test
    void oversizeChunkedBodyIs413() throws Exception {
        byte[] big = new byte[6 * 1024 * 1024 + 100];
        HttpResponse<byte[]> r;
        try {
            r = send(get("/echo").header("Content-Type", "application/octet-stream")
                    .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        } catch (IOException closedWhileSending) {
            // The server answered 413 and closed before the client finished sending: acceptable, but the
            // function must not have run.
            assertThat(filter.metrics().function("default/echo:$LATEST").map(c -> c.errors()).orElse(Map.of()))
                    .doesNotContainKey(io.github.clbtrigger.functions.TriggerMetrics.ErrorKind.FUNCTION_ERROR);
            return;
        }
        assertClbError(r, 413);
    }

    @Test
    void headerValuesWithNonAsciiTextGoOutAsUtf8AndTheFrontEndKeepsItsOwnDateAndServer() throws Exception {
        HttpResponse<byte[]> r = send(get("/unicode"));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        // the client sees the header's bytes (one character per byte here): the UTF-8 of the function's text
        assertThat(r.headers().firstValue("X-City")).hasValue(latin1OfUtf8("\u5317\u4eac \u20ac"));
        assertThat(r.headers().firstValue("X-Cafe")).hasValue(latin1OfUtf8("caf\u00e9"));
        assertThat(r.headers().allValues("Date")).doesNotContain("yesterday");
        assertThat(r.headers().allValues("Server")).doesNotContain("evil");
    }

    private static String latin1OfUtf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void invalidIntegrationResponseIsTheCodecs403() throws Exception {
        HttpResponse<byte[]> r = send(get("/bad"));
        assertClbError(r, 403);
        assertThat(text(r)).isEqualTo("{\"errno\":403,\"error\":\"Analyse scf response failed.\"}");
        assertThat(r.headers().firstValue(ClbTriggerFilter.DEBUG_HEADER))
                .hasValueSatisfying(v -> assertThat(v).contains("invalid integration response", "MALFORMED_JSON"));
    }

    @Test
    void functionExceptionIs502() throws Exception {
        HttpResponse<byte[]> r = send(get("/boom"));
        assertClbError(r, 502);
        assertThat(r.headers().firstValue(ClbTriggerFilter.DEBUG_HEADER))
                .hasValueSatisfying(v -> assertThat(v).contains("java.lang.IllegalStateException: boom"));
        assertThat(filter.metrics().function("default/boom:$LATEST"))
                .hasValueSatisfying(c -> assertThat(c.errors()).containsKey(io.github.clbtrigger.functions.TriggerMetrics.ErrorKind.FUNCTION_ERROR));
    }

    @Test
    void overMaxConcurrencyIs429() throws Exception {
        limitedEntered = new CountDownLatch(1);
        limitedRelease = new CountDownLatch(1);
        CompletableFuture<HttpResponse<byte[]>> first = client.sendAsync(get("/limited").build(), BodyHandlers.ofByteArray());
        assertThat(limitedEntered.await(10, TimeUnit.SECONDS)).isTrue();
        HttpResponse<byte[]> second = send(get("/limited"));
        assertClbError(second, 429);
        limitedRelease.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(text(send(get("/limited")))).isEqualTo("limited");
    }

    @Test
    void tencentClbEventAndContextHandler() throws Exception {
        HttpResponse<byte[]> r = send(get("/tencent").header("Content-Type", "application/json")
                .header("User-Agent", "clb-test").POST(BodyPublishers.ofString("{\"name\": \"scf\"}")));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(text(r)).isEqualTo("name=scf ua=clb-test");
        assertThat(r.headers().firstValue("X-Time-Limit")).hasValue("3000");
        assertThat(r.headers().firstValue("X-Memory")).hasValue("256");
        assertThat(r.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).hasSize(36));
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void remoteEventFunction() throws Exception {
        HttpResponse<byte[]> r = send(get("/remote?q=1"));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(text(r)).isEqualTo("remote saw 127.0.0.1");
        assertThat(r.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).hasSize(36));
    }

    /** A reload that changes a Bootstrap function: requests during it wait for the new process, none gets 502. */
    @Test
    void reloadingABootstrapFunctionKeepsItServing() throws Exception {
        Path file = dir.resolve("clb.json");
        String original = Files.readString(file);
        for (String stage : new String[] {"reloaded", "local"}) {
            Files.writeString(file, original.replace("\"Value\": \"local\"", "\"Value\": \"" + stage + "\""));
            CompletableFuture<Boolean> reloading = CompletableFuture.supplyAsync(filter::reload);
            Thread.sleep(50);   // the old process is being stopped now: before the fix, its requests got 502
            HttpResponse<byte[]> r = send(get("/web/hello").POST(BodyPublishers.ofString("hi")));
            assertThat(reloading.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
            assertThat(text(r)).contains("env=" + stage + "\n");
        }
    }

    @Test
    void httpFunctionThroughARealBootstrap() throws Exception {
        HttpResponse<byte[]> r = send(get("/web/hello?x=1").header("X-CFF-Request-Id", "spoofed")
                .header("X-Forwarded-For", "10.9.8.7").POST(BodyPublishers.ofString("hi")));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
        String body = text(r);
        assertThat(body).contains("method=POST\n", "target=/web/hello?x=1\n", "x-cff-func-name=web\n",
                "x-cff-memory=128\n", "x-cff-timeout=20\n", "x-forwarded-for=10.9.8.7, 127.0.0.1\n", "env=local\n",
                "body=hi");
        assertThat(body).doesNotContain("spoofed").containsPattern("x-cff-request-id=[0-9a-f-]{36}\n");
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly("fn=1", "fn=2");
    }

    @Test
    void bootstrapIsToldItsPortInThePortVariable() throws Exception {
        HttpResponse<byte[]> r = send(get("/web/port"));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
        // the process check that stopServer relies on must see a running bootstrap, or it could never fail
        assertThat(bootstrapProcesses()).as("the /proc check sees the running bootstrap").isPositive();
        assertThat(text(r)).containsPattern("\nport-env=[0-9]+\n");
    }

    @Test
    void httpFunctionDateAndServerHeadersAreHiddenAsNginxDoes() throws Exception {
        HttpResponse<byte[]> r = send(get("/web/headers"));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
        assertThat(r.headers().allValues("Date")).as("one Date: the container's").hasSize(1);
        assertThat(r.headers().allValues("Server")).doesNotContain("fn-server/1.0");
        assertThat(r.headers().map().keySet()).noneMatch(k -> k.equalsIgnoreCase("X-Pad")
                || k.toLowerCase(java.util.Locale.ROOT).startsWith("x-accel-"));
    }

    @Test
    void httpFunctionOver6MbIs502() throws Exception {
        assertClbError(send(get("/web/big")), 502);
    }

    @Test
    void httpFunctionThatDiesIsRestarted() throws Exception {
        assertThat(send(get("/web/warmup")).statusCode()).isEqualTo(201);
        assertClbError(send(get("/web/exit")), 502);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int status = 0;
        while (System.nanoTime() < deadline && status != 201) {
            status = send(get("/web/again")).statusCode();
        }
        assertThat(status).as("the bootstrap was relaunched").isEqualTo(201);
    }

    @Test
    void notFoundModeAnswers404() throws Exception {
        Path config = dir.resolve("404.json");
        Files.writeString(config, """
                {"LoadBalancerId": "lb-local", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
                 "Rules": [%s]}],
                 "Functions": [{"FunctionName": "echo", "Handler": "io.github.clbtrigger.functions.SampleHandlers::echo"}]}
                """.formatted(rule("loc-echo", "/echo", "echo", true)));
        try (ServletContainer other = newContainer()) {
            URI uri = other.start(ClbTriggerFilter.builder().configFile(config).answerNotFound(true).build(),
                    new AppServlet(), dir.resolve("404"));
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri.resolve("/app")).build(), BodyHandlers.ofByteArray());
            assertClbError(r, 404);
            assertThat(r.headers().firstValue(ClbTriggerFilter.DEBUG_HEADER)).isEmpty();
        }
    }

    @Test
    void hotReloadSwapsValidConfigsAndKeepsTheOldOnInvalidOnes() throws Exception {
        Path config = dir.resolve("reload.json");
        String functions = "\"Functions\": [{\"FunctionName\": \"echo\", \"Handler\": \"io.github.clbtrigger.functions.SampleHandlers::echo\"}]";
        String v1 = "{\"LoadBalancerId\": \"lb-local\", \"Listeners\": [{\"ListenerId\": \"lbl-http\", \"Protocol\": \"HTTP\", "
                + "\"Port\": 8080, \"Rules\": [" + rule("loc-v1", "/v1", "echo", true) + "]}], " + functions + "}";
        String v2 = v1.replace("loc-v1", "loc-v2").replace("\"/v1\"", "\"/version-two\"");
        Files.writeString(config, v1);
        ClbTriggerFilter reloading = ClbTriggerFilter.builder().configFile(config).watch(true)
                .watchInterval(Duration.ofMillis(50)).build();
        try (ServletContainer other = newContainer()) {
            URI uri = other.start(reloading, new AppServlet(), dir.resolve("reload"));
            assertThat(status(uri, "/v1")).isEqualTo(200);
            assertThat(status(uri, "/version-two")).isEqualTo(200);   // passes through to the servlet
            assertThat(text(client.send(HttpRequest.newBuilder(uri.resolve("/version-two")).build(),
                    BodyHandlers.ofByteArray()))).startsWith("servlet");

            Files.writeString(config, v2);
            awaitRule(uri, "/version-two", true);
            assertThat(text(client.send(HttpRequest.newBuilder(uri.resolve("/v1")).build(), BodyHandlers.ofByteArray())))
                    .startsWith("servlet");

            // invalid: a rule naming an undefined function; the old configuration stays
            Files.writeString(config, v2.replace("\"FunctionName\": \"echo\"}, \"Weight\"", "\"FunctionName\": \"nope\"}, \"Weight\""));
            Thread.sleep(500);
            awaitRule(uri, "/version-two", true);
            assertThat(status(uri, "/version-two")).as("still the old rule's function, not the rejected config's")
                    .isEqualTo(200);
            Files.writeString(config, "{ not json");
            Thread.sleep(500);
            awaitRule(uri, "/version-two", true);
        }
    }

    private int status(URI uri, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri.resolve(path)).build(), BodyHandlers.discarding()).statusCode();
    }

    /** Waits until {@code path} is served by a function ({@code true}) or the servlet. */
    private void awaitRule(URI uri, String path, boolean byFunction) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = text(client.send(HttpRequest.newBuilder(uri.resolve(path)).build(), BodyHandlers.ofByteArray()));
            if (byFunction != body.startsWith("servlet")) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(body).as(path + " served by " + (byFunction ? "a function" : "the servlet")).isEqualTo("?");
    }
}
