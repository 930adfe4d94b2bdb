package io.github.clbtrigger.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clbtrigger.codec.CustomHeader;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7 through a real container (Jetty 12 ee10, a thread pool of 20): header integrity (item 3), limits (4),
 * faults (6) and the CI-sized load checks (7). A counting filter in front of the CLB filter measures how many body
 * bytes were read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HardeningTests {

    static final int BODY_LIMIT = 64 * 1024;
    static final int SLOW_REQUESTS = Integer.getInteger("clb.slow.requests", 500);
    static final int RELOADS = Integer.getInteger("clb.reloads", 20);
    static final List<String> RESERVED = List.of("X-Stgw-Time", "X-Client-Proto", "X-Forwarded-Proto",
            "X-Client-Proto-Ver", "X-Real-IP", "X-Real-Port", "X-Vip", "X-Vport", "X-Uri", "X-Method");

    private Path dir;

    static final AtomicLong bodyBytesRead = new AtomicLong();
    private Server server;
    private ClbTriggerFilter filter;
    private URI base;
    private Path config;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** Counts the request-body bytes the filter behind it reads, async reads included. */
    public static final class CountingFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest req = (HttpServletRequest) request;
            ServletInputStream raw = req.getInputStream();
            ServletInputStream counting = new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return raw.isFinished();
                }

                @Override
                public boolean isReady() {
                    return raw.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    raw.setReadListener(listener);
                }

                @Override
                public int read() throws IOException {
                    int b = raw.read();
                    if (b >= 0) {
                        bodyBytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = raw.read(b, off, len);
                    if (n > 0) {
                        bodyBytesRead.addAndGet(n);
                    }
                    return n;
                }
            };
            chain.doFilter(new HttpServletRequestWrapper(req) {
                @Override
                public ServletInputStream getInputStream() {
                    return counting;
                }
            }, response);
        }
    }

    static Server jetty(int maxThreads) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, 4);
        pool.setName("jetty-hardening");
        Server s = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(64 * 1024);   // let long targets reach the filter: its own cap is under test
        ServerConnector connector = new ServerConnector(s, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(1024);
        s.addConnector(connector);
        return s;
    }

    static URI deploy(Server s, Filter clb, Filter before) throws Exception {
        return deploy(s, clb, before, false);
    }

    /** With {@code graceful}, the context is wrapped in Jetty's GracefulHandler: stop waits for requests in flight. */
    static URI deploy(Server s, Filter clb, Filter before, boolean graceful) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        if (before != null) {
            FilterHolder counting = new FilterHolder(before);
            counting.setAsyncSupported(true);
            context.addFilter(counting, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        FilterHolder holder = new FilterHolder(clb);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder app = new ServletHolder(new ScenarioSuite.AppServlet());
        app.setAsyncSupported(true);
        context.addServlet(app, "/");
        if (graceful) {
            s.setHandler(new org.eclipse.jetty.server.handler.GracefulHandler(context));
        } else {
            s.setHandler(context);
        }
        s.start();
        return URI.create("http://127.0.0.1:" + ((ServerConnector) s.getConnectors()[0]).getLocalPort());
    }

    static String bootstrap(Path dir) throws IOException {
        Path web = Files.createDirectories(dir.resolve("functions/web"));
        Path bootstrap = web.resolve("bootstrap");
        Files.writeString(bootstrap, """
                #!/bin/bash
                exec "$JAVA_BIN" -cp "$TEST_CP" io.github.clbtrigger.servlet.HttpFunctionServer "$PORT"
                """);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bootstrap.toString();
    }

    static String webFunction(Path dir, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        bootstrap(dir);
        return """
                {"FunctionName": "web", "Type": "HTTP", "Bootstrap": "functions/web/bootstrap", "Port": %d, "Timeout": 5,
                 "Environment": {"Variables": [{"Key": "JAVA_BIN", "Value": %s}, {"Key": "TEST_CP", "Value": %s}]}}"""
                .formatted(port, Json.MAPPER.writeValueAsString(java),
                        Json.MAPPER.writeValueAsString(System.getProperty("java.class.path")));
    }

    static long bootstrapProcesses() {
        return Processes.httpFunctionServers();
    }

    private String configJson(int echoTimeout) throws IOException {
        String rules = String.join(",", ScenarioSuite.rule("loc-echo", "/echo", "echo", true),
                ScenarioSuite.rule("loc-fault", "/fault/", "fault", false),
                ScenarioSuite.rule("loc-sleep", "/sleep", "sleep", false),
                ScenarioSuite.rule("loc-split", "/split", "split", false),
                ScenarioSuite.rule("loc-bighdr", "/bighdr", "bighdr", false),
                ScenarioSuite.rule("loc-web", "/web/", "web", false));
        return """
                {"LoadBalancerId": "lb-local", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
                 "Rules": [%s]}],
                 "Functions": [{"FunctionName": "echo", "Handler": "io.github.clbtrigger.functions.SampleHandlers::echo", "Timeout": %d},
                  {"FunctionName": "fault", "Timeout": 1, "MaxConcurrency": 1},
                  {"FunctionName": "sleep", "Timeout": 30, "MaxConcurrency": 100000},
                  %s]}""".formatted(rules, echoTimeout, webFunction(dir, ScenarioSuite.freePort()));
    }

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        config = dir.resolve("clb.json");
        Files.writeString(config, configJson(3));
        filter = ClbTriggerFilter.builder().configFile(config).debug(true)
                .customHeaders(EnumSet.allOf(CustomHeader.class))
                .maxRequestBodyBytes(BODY_LIMIT).requestBodyTimeout(Duration.ofSeconds(1))
                .function("fault", (event, ctx) -> {
                    String uri = Json.MAPPER.readTree(event).path("headers").path("X-Uri").asText();
                    switch (uri) {
                        case "/fault/throw" -> throw new IllegalStateException("boom");
                        case "/fault/hang" -> Thread.sleep(60_000);
                        case "/fault/spin" -> {   // ignores interrupts until well after its timeout
                            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        }
                        case "/fault/null" -> {
                            return null;
                        }
                        case "/fault/empty" -> {
                            return "";
                        }
                        case "/fault/slow" -> Thread.sleep(700);
                        default -> { }
                    }
                    // the body names the thread that ran the function
                    return "{\"statusCode\": 200, \"body\": \"ok on " + Thread.currentThread().getName() + "\"}";
                })
                .function("sleep", (event, ctx) -> {
                    Thread.sleep(1000);
                    return "{\"statusCode\": 200, \"body\": \"slept\"}";
                })
                .function("split", (event, ctx) -> "{\"statusCode\": 200, \"headers\": {\"X-A\": \"a\\r\\nSet-Cookie: evil=1\"}, \"body\": \"x\"}")
                .function("bighdr", (event, ctx) -> "{\"statusCode\": 200, \"headers\": {\"X-Big\": \""
                        + "v".repeat(100_000) + "\"}, \"body\": \"x\"}")
                .build();
        server = jetty(20);
        base = deploy(server, filter, new CountingFilter());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && bootstrapProcesses() > 0) {
            Thread.sleep(50);
        }
        assertThat(bootstrapProcesses()).as("bootstrap processes left after stop").isZero();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode eventOf(RawHttp.Response r) throws IOException {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(Json.MAPPER.readTree(r.body()).path("headers").isMissingNode() ? r.body() : r.body());
    }

    @Nested
    class HeaderIntegrity {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"%s: spoofed", "%s:spoofed", "%s:  spoofed  ", "%s: spoofed\r\n%s: spoofed-again"})
        void clientsCannotSetClbHeaders(String form) throws Exception {
            StringBuilder head = new StringBuilder("GET /echo HTTP/1.1\r\nHost: example.com");
            for (String name : RESERVED) {
                for (String variant : List.of(name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT))) {
                    head.append("\r\n").append(form.replace("%s", variant));
                }
            }
            RawHttp.Response r = RawHttp.exchange(base, head.toString(), new byte[0]);
            JsonNode event = eventOf(r);
            JsonNode headers = event.path("headers");
            assertThat(r.body()).doesNotContain("spoofed");
            headers.fieldNames().forEachRemaining(n -> assertThat(n.toLowerCase(Locale.ROOT))
                    .as("each CLB header once").satisfiesAnyOf(x -> assertThat(RESERVED.stream()
                            .filter(h -> h.equalsIgnoreCase(n)).count()).isLessThanOrEqualTo(1)));
            assertThat(headers.path("X-Real-IP").asText()).isEqualTo("127.0.0.1");
            assertThat(headers.path("X-Client-Proto").asText()).isEqualTo("http");
            assertThat(headers.path("X-Method").asText()).isEqualTo("GET");
            assertThat(headers.path("X-Uri").asText()).isEqualTo("/echo");
        }

        @Test
        void forwardedForIsExtendedForEventFunctions() throws Exception {
            RawHttp.Response r = RawHttp.exchange(base, "GET /echo HTTP/1.1\r\nHost: example.com\r\n"
                    + "X-Forwarded-For: 10.0.0.1\r\nx-forwarded-for: 10.0.0.2", new byte[0]);
            String xff = eventOf(r).path("headers").path("X-Forwarded-For").asText();
            assertThat(xff).startsWith("10.0.0.1").contains("10.0.0.2").endsWith("127.0.0.1");
        }

        @Test
        void httpFunctionsSeeOnlyTheFrontendsCffAndForwardingHeaders() throws Exception {
            StringBuilder head = new StringBuilder("GET /web/h HTTP/1.1\r\nHost: example.com\r\n"
                    + "X-Forwarded-For: 10.0.0.1\r\nX-Real-IP: 6.6.6.6\r\nX-Forwarded-Proto: https");
            for (String name : List.of("X-CFF-Request-Id", "x-cff-memory", "X-CFF-FUNC-NAME", "X-Cff-Timeout",
                    "X-CFF-Region", "X-CFF-Anything")) {
                head.append("\r\n").append(name).append(": spoofed");
            }
            RawHttp.Response r = awaitWeb(head.toString());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.body()).doesNotContain("spoofed", "6.6.6.6")
                    .contains("x-forwarded-for=10.0.0.1, 127.0.0.1\n", "x-real-ip=127.0.0.1\n",
                            "x-forwarded-proto=http\n", "x-cff-func-name=web\n", "x-cff-region=local\n");
        }

        @Test
        void aFunctionReturningCrLfInAHeaderGetsThe403AndNoExtraLine() throws Exception {
            RawHttp.Response r = RawHttp.exchange(base, "GET /split HTTP/1.1\r\nHost: example.com", new byte[0]);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).isEqualTo("{\"errno\":403,\"error\":\"Analyse scf response failed.\"}");
            assertThat(r.values("Set-Cookie")).isEmpty();
            assertThat(r.values("X-A")).isEmpty();
        }

        @Test
        void aGiantFunctionHeaderIsNeverAContainer500() throws Exception {
            RawHttp.Response r = RawHttp.exchange(base, "GET /bighdr HTTP/1.1\r\nHost: example.com", new byte[0]);
            assertThat(r.status()).as(r.headerLines().toString()).isIn(200, 502);
            if (r.status() == 502) {
                assertThat(r.body()).isEqualTo("{\"errno\":502,\"error\":\"Function invocation failed.\"}");
            }
            assertThat(get("/echo").statusCode()).isEqualTo(200);
        }
    }

    RawHttp.Response awaitWeb(String head) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RawHttp.Response r;
        do {
            r = RawHttp.exchange(base, head, new byte[0]);
        } while (r.status() != 201 && System.nanoTime() < deadline && sleep(100));
        return r;
    }

    static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    @Nested
    class Limits {

        @Test
        void declaredOversizeBodyIs413WithoutKeepingIt() throws Exception {
            bodyBytesRead.set(0);
            RawHttp.Response r = RawHttp.exchange(base, "POST /echo HTTP/1.1\r\nHost: example.com\r\nContent-Length: "
                    + (BODY_LIMIT + 1), new byte[BODY_LIMIT + 1]);
            assertThat(r.status()).isEqualTo(413);
            assertThat(bodyBytesRead.get()).as("only the lingering close reads, and discards")
                    .isLessThanOrEqualTo(DiscardedBody.LINGER_BYTES + 16 * 1024);
        }

        @Test
        void endlessChunkedBodyIs413ReadingAtMostTheLimitPlusABuffer() throws Exception {
            bodyBytesRead.set(0);
            long sent = 0;
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /echo HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] chunk = new byte[16 * 1024];
                byte[] header = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                try {
                    while (sent < 32L * 1024 * 1024 && s.getInputStream().available() == 0) {
                        out.write(header);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        sent += chunk.length;
                    }
                } catch (IOException closedByServer) {
                    // the server answered and closed: what we wanted
                }
                RawHttp.Response r = RawHttp.read(s.getInputStream());
                assertThat(r.status()).isEqualTo(413);
            }
            assertThat(bodyBytesRead.get()).as("bytes read of %d sent: the limit plus a buffer kept, then at most "
                    + "the lingering close's discarded bytes", sent)
                    .isGreaterThan(BODY_LIMIT).isLessThanOrEqualTo(BODY_LIMIT + 16 * 1024 + DiscardedBody.LINGER_BYTES + 16 * 1024);
        }

        @Test
        void aChunkedBodyJustOverTheLimitIs413AtOnceNotAfterMoreBytes() throws Exception {
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /echo HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] chunk = new byte[BODY_LIMIT + 32 * 1024];
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();   // then the client pauses, the body not ended: the filter has seen enough to decide
                RawHttp.Response r = RawHttp.read(s.getInputStream());
                assertThat(r.status()).as("over the limit by the bytes read, before the body timeout's 408")
                        .isEqualTo(413);
            }
        }

        @Test
        void slowlorisBodyIsCutByTheReadTimeout() throws Exception {
            long start = System.nanoTime();
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write("POST /echo HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1000\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                try {
                    for (int i = 0; i < 100 && s.getInputStream().available() == 0; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException closedByServer) {
                    // answered
                }
                RawHttp.Response r = RawHttp.read(s.getInputStream());
                assertThat(r.status()).isEqualTo(408);
                assertThat(r.body()).isEqualTo("{\"errno\":408,\"error\":\"Request timeout.\"}");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }

        @Test
        void overlongTargetIs414() throws Exception {
            RawHttp.Response r = RawHttp.exchange(base, "GET /echo?" + "q".repeat(9000) + " HTTP/1.1\r\nHost: example.com",
                    new byte[0]);
            assertThat(r.status()).isEqualTo(414);
            assertThat(r.body()).isEqualTo("{\"errno\":414,\"error\":\"Request-URI too large.\"}");
            assertThat(RawHttp.exchange(base, "GET /other/" + "p".repeat(9000) + " HTTP/1.1\r\nHost: example.com",
                    new byte[0]).status()).as("pass-through mode too").isEqualTo(414);
        }

        @Test
        void overlongHostIs400() throws Exception {
            RawHttp.Response r = RawHttp.exchange(base, "GET /echo HTTP/1.1\r\nHost: " + "h".repeat(9000), new byte[0]);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"errno\":400,\"error\":\"Bad request.\"}");
        }
    }

    @Nested
    class Faults {

        /**
         * Each fault twice: on the function threads, and after a streak of quick calls, when the function runs on
         * the container thread (InProcessRuntime): the answer, its timing and the next request must not differ.
         */
        @ParameterizedTest(name = "{0} -> {1}, after quick calls: {3}")
        @org.junit.jupiter.params.provider.CsvSource({"throw, 502, 0, false", "hang, 504, 1000, false",
                "spin, 504, 1000, false", "null, 403, 0, false", "empty, 403, 0, false", "slow, 200, 700, false",
                "throw, 502, 0, true", "hang, 504, 1000, true", "spin, 504, 1000, true", "null, 403, 0, true",
                "empty, 403, 0, true", "slow, 200, 700, true"})
        void aFaultyFunctionGetsTheDocumentedStatusInTimeAndTheNextRequestWorks(String fault, int status, long atLeast,
                boolean afterQuickCalls) throws Exception {
            if (afterQuickCalls) {
                // until a call runs on a container thread (the first, cold calls may take over 1 ms)
                int calls = 0;
                while (get("/fault/ok").body().startsWith("ok on clb-function-")) {
                    assertThat(++calls).as("calls before the function ran on the container thread")
                            .isLessThan(20 * ScenarioSuite.QUICK_STREAK);
                }
            }
            long start = System.nanoTime();
            HttpResponse<String> r = get("/fault/" + fault);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
            assertThat(ms).as("answered within Timeout 1 s + margin").isGreaterThanOrEqualTo(atLeast)
                    .isLessThan(1000 + 700);
            // MaxConcurrency is 1: the slot was freed
            assertThat(get("/fault/ok").statusCode()).isEqualTo(200);
        }

        @Test
        void anHttpFunctionKilledMidRequestIs502AndIsRestartedAndReported() throws Exception {
            List<String> log = new ArrayList<>();
            Logger jul = Logger.getLogger("io.github.clbtrigger.functions.process");
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    synchronized (log) {
                        log.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            jul.addHandler(capture);
            try {
                assertThat(awaitWeb("GET /web/warm HTTP/1.1\r\nHost: example.com").status()).isEqualTo(201);
                CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                        HttpRequest.newBuilder(base.resolve("/web/sleep")).build(), HttpResponse.BodyHandlers.ofString());
                Thread.sleep(500);
                assertThat(bootstrapProcesses()).isEqualTo(1);
                Processes.killHttpFunctionServers();
                long start = System.nanoTime();
                HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertThat(awaitWeb("GET /web/again HTTP/1.1\r\nHost: example.com").status()).isEqualTo(201);
                synchronized (log) {
                    assertThat(log).anyMatch(l -> l.contains("bootstrap exited with code"))
                            .anyMatch(l -> l.contains("launched"));
                }
            } finally {
                jul.removeHandler(capture);
            }
        }
    }

    @Nested
    class Load {

        @Test
        void manySlowRequestsDoNotExhaustTwentyContainerThreads() throws Exception {
            HttpClient many = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < SLOW_REQUESTS; i++) {
                calls.add(many.sendAsync(HttpRequest.newBuilder(base.resolve("/sleep")).timeout(Duration.ofSeconds(60))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            AtomicInteger ok = new AtomicInteger();
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                if (c.get(90, TimeUnit.SECONDS).statusCode() == 200) {
                    ok.incrementAndGet();
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf(Locale.ROOT, "slow requests: %d of %d answered 200 in %d ms on 20 threads%n", ok.get(),
                    SLOW_REQUESTS, ms);
            assertThat(ok.get()).isEqualTo(SLOW_REQUESTS);
        }

        @Test
        void hotReloadsDuringABurstFailNoRequest() throws Exception {
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger done = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = get("/echo");
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                            done.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                });
                th.start();
                clients.add(th);
            }
            int reloaded = 0;
            for (int i = 0; i < RELOADS; i++) {
                Files.writeString(config, configJson(i % 2 == 0 ? 4 : 3).replaceAll("\"Port\": \\d+, \"Timeout\": 5",
                        "\"Port\": " + portOfWeb() + ", \"Timeout\": 5"));
                if (filter.reload()) {
                    reloaded++;
                }
                Thread.sleep(50);
            }
            running.set(false);
            for (Thread th : clients) {
                th.join();
            }
            System.out.printf(Locale.ROOT, "hot reload: %d reloads, %d requests, %d failed%n", reloaded, done.get(),
                    failures.size());
            assertThat(reloaded).isEqualTo(RELOADS);
            assertThat(failures).isEmpty();
            assertThat(done.get()).isGreaterThan(RELOADS);
        }

        private int portOfWeb() throws IOException {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"Port\": (\\d+), \"Timeout\": 5")
                    .matcher(Files.readString(config));
            assertThat(m.find()).isTrue();
            return Integer.parseInt(m.group(1));
        }
    }
}
