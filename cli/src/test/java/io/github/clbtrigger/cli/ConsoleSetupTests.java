package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clbtrigger.api.ApiOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console wired into {@link ClbServer}: requests sent to the data plane show on the management port's
 * {@code /_clb/} with their rule, event, verdict and answer; readiness follows the bootstraps; metrics count the
 * traffic.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConsoleSetupTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private ClbServer server;
    private String configText;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String rule(String locationId, String url, String function) {
        return """
                {"LocationId": "%s", "Domain": "example.com", "Url": "%s", "DefaultServer": true,
                 "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "%s"}, "Weight": 100}]}"""
                .formatted(locationId, url, function);
    }

    private ConsoleSetup start(String rules, String functions, ConsoleSetup.Options options, StringWriter log)
            throws Exception {
        ConsoleSetup console = new ConsoleSetup(options, new PrintWriter(log));
        configText = """
                {"LoadBalancerId": "lb-local", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP",
                 "Port": 8080, "Rules": [%s]}], "Functions": [%s]}""".formatted(rules, functions);
        server = ClbServer.builder().config(configText).port(0)
                .management(ApiOptions.defaults().withPort(0)).managementHandler(console.handler()).start();
        console.attach(server);
        return console;
    }

    private ConsoleSetup startEventFunctions(StringWriter log) throws Exception {
        return start(rule("loc-echo", "/echo", "echo") + "," + rule("loc-bad", "/bad", "bad"),
                "{\"FunctionName\": \"echo\", \"Handler\": \"io.github.clbtrigger.cli.EchoEventHandler::handle\"},"
                        + "{\"FunctionName\": \"bad\", \"Handler\": \"io.github.clbtrigger.cli.RefusedAnswerHandler::handle\"}",
                new ConsoleSetup.Options(true, 200, 64 * 1024, true, null, null), log);
    }

    private HttpResponse<String> data(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri("lbl-http").resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> management(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.managementUri().orElseThrow().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The newest exchange matching {@code which}, in full, waiting up to a second for it. */
    private JsonNode exchange(Predicate<JsonNode> which) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        do {
            for (JsonNode summary : JSON.readTree(management("/_clb/api/exchanges").body()).get("exchanges")) {
                if (which.test(summary)) {
                    return JSON.readTree(management("/_clb/api/exchanges/" + summary.get("seq").asLong()).body());
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no such exchange within a second: "
                + management("/_clb/api/exchanges").body());
    }

    @Test
    void aRequestShowsWithinASecondWithItsRuleEventResponseAndRequestIdAlsoInTheAccessLog() throws Exception {
        StringWriter log = new StringWriter();
        startEventFunctions(log);
        HttpResponse<String> answer = data("POST", "/echo?x=1", "hello console");
        assertThat(answer.statusCode()).isEqualTo(200);

        JsonNode full = exchange(s -> s.get("target").asText().equals("/echo?x=1"));
        assertThat(full.get("rule").get("locationId").asText()).isEqualTo("loc-echo");
        assertThat(full.get("function").asText()).isEqualTo("default/echo:$LATEST");
        assertThat(full.get("status").asInt()).isEqualTo(200);
        assertThat(full.get("verdict").get("outcome").asText()).isEqualTo("accepted");
        assertThat(full.get("explanation").asText()).contains("loc-echo");
        assertThat(full.get("request").get("body").get("text").asText()).isEqualTo("hello console");
        assertThat(full.get("event").get("text").asText()).as("the body is in the event, base64 without a JSON type")
                .contains("\"payload\":\"aGVsbG8gY29uc29sZQ==\"", "\"X-Real-IP\":\"127.0.0.1\"");
        assertThat(full.get("response").get("body").get("text").asText()).isEqualTo(answer.body());
        String id = full.get("id").asText();
        assertThat(id).isNotBlank();
        assertThat(log.toString().lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        })).anySatisfy(line -> {
            assertThat(line.get("stgw_request_id").asText()).isEqualTo(id);
            assertThat(line.get("status").asInt()).isEqualTo(200);
        });
    }

    @Test
    void aRefusedAnswerShowsTheReasonAndPathAndA404IsShownToo() throws Exception {
        startEventFunctions(new StringWriter());
        assertThat(data("GET", "/bad", null).statusCode()).as("CLB's answer to an invalid answer").isEqualTo(403);
        try (Socket raw = new Socket("127.0.0.1", server.port("lbl-http"))) {
            raw.getOutputStream().write("GET /nowhere HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(raw.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 404 ");
        }

        JsonNode refused = exchange(s -> s.get("target").asText().equals("/bad"));
        assertThat(refused.get("verdict").get("outcome").asText()).isEqualTo("refused");
        assertThat(refused.get("verdict").get("path").asText()).isEqualTo("$.statusCode");
        assertThat(refused.get("verdict").get("reason").asText()).isNotBlank();
        assertThat(refused.get("error").asText()).isEqualTo("INVALID_RESPONSE");
        assertThat(refused.get("rawAnswer").get("text").asText()).contains("\"abc\"");

        JsonNode notFound = exchange(s -> s.get("target").asText().equals("/nowhere"));
        assertThat(notFound.get("status").asInt()).isEqualTo(404);
        assertThat(notFound.get("rule").isNull()).isTrue();
        assertThat(notFound.get("function").isNull()).isTrue();
        assertThat(notFound.get("host").asText()).isEqualTo("other.example");
    }

    @Test
    void metricsCountAKnownTrafficMix() throws Exception {
        startEventFunctions(new StringWriter());
        for (int i = 0; i < 3; i++) {
            assertThat(data("GET", "/echo", null).statusCode()).isEqualTo(200);
        }
        assertThat(data("GET", "/bad", null).statusCode()).as("CLB's answer to an invalid answer").isEqualTo(403);
        assertThat(data("GET", "/bad", null).statusCode()).as("CLB's answer to an invalid answer").isEqualTo(403);
        exchange(s -> s.get("seq").asLong() == 5);   // all five recorded
        server.filter().apply(configText + " ");
        assertThatThrownBy(() -> server.filter().apply("{\"Listeners\": 1}")).isInstanceOf(RuntimeException.class);
        HttpResponse<String> metrics = management("/_clb/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        String text = metrics.body();
        assertThat(sample(text, "clb_requests_total", "rule=\"loc-echo\"", "status=\"2xx\"")).isEqualTo(3.0);
        assertThat(sample(text, "clb_requests_total", "rule=\"loc-bad\"", "status=\"4xx\"")).isEqualTo(2.0);
        assertThat(sample(text, "clb_function_errors_total", "function=\"default/bad:$LATEST\"",
                "kind=\"INVALID_RESPONSE\"")).isEqualTo(2.0);
        assertThat(sample(text, "clb_request_duration_seconds_count", "rule=\"loc-echo\"")).isEqualTo(3.0);
        assertThat(sample(text, "clb_invocations_in_flight", "function=\"default/echo:$LATEST\"")).isEqualTo(0.0);
        assertThat(sample(text, "clb_config_reloads_total", "result=\"ok\"")).isEqualTo(1.0);
        assertThat(sample(text, "clb_config_reloads_total", "result=\"failed\"")).isEqualTo(1.0);
    }

    /** The value of the one sample of {@code name} whose labels contain every one of {@code labels}. */
    private static double sample(String text, String name, String... labels) {
        return text.lines().filter(l -> l.startsWith(name + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one sample of " + name + " with " + String.join(",", labels));
                }).orElseThrow(() -> new AssertionError("no sample of " + name + " with " + String.join(",", labels)
                        + " in:\n" + text));
    }

    @Test
    void readinessWaitsForASlowBootstrapAndDropsWhenItDies() throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Path bootstrap = web.resolve("bootstrap");
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(bootstrap, """
                #!/bin/bash
                echo $$ > pid.tmp && mv pid.tmp pid
                sleep 1.5
                exec '%s' -cp '%s' io.github.clbtrigger.cli.TinyHttpFunction "$PORT"
                """.formatted(java, System.getProperty("java.class.path")));
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        start(rule("loc-web", "/web", "web"), """
                {"FunctionName": "web", "Type": "HTTP", "Bootstrap": "%s", "Port": %d}"""
                .formatted(bootstrap, port), ConsoleSetup.Options.defaults(), new StringWriter());

        HttpResponse<String> starting = management("/_clb/ready");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(starting.body()).get("reasons").toString())
                .contains("function default/web:$LATEST: bootstrap not ready");
        awaitReady(200, 60);
        assertThat(data("GET", "/web", null).body()).isEqualTo("web");

        long pid = Long.parseLong(Files.readString(web.resolve("pid")).trim());
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.destroyForcibly()).isTrue());
        awaitReady(503, 10);
        awaitReady(200, 60);   // relaunched
        HttpResponse<String> metrics = management("/_clb/metrics");
        assertThat(sample(metrics.body(), "clb_bootstrap_restarts_total", "function=\"default/web:$LATEST\""))
                .isEqualTo(1.0);
    }

    private void awaitReady(int status, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int last;
        do {
            last = management("/_clb/ready").statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/_clb/ready still " + last + " after " + seconds + " s, wanted " + status);
    }

    @Test
    void withoutTheInspectorNothingIsKeptButProbesAndMetricsStay() throws Exception {
        ConsoleSetup console = start(rule("loc-echo", "/echo", "echo"),
                "{\"FunctionName\": \"echo\", \"Handler\": \"io.github.clbtrigger.cli.EchoEventHandler::handle\"}",
                new ConsoleSetup.Options(false, 200, 64 * 1024, false, null, null), new StringWriter());
        assertThat(data("GET", "/echo", null).statusCode()).isEqualTo(200);
        assertThat(console.inspector()).isEmpty();
        assertThat(management("/_clb/api/exchanges").statusCode()).isEqualTo(404);
        assertThat(management("/_clb/ready").statusCode()).isEqualTo(200);
        assertThat(sample(management("/_clb/metrics").body(), "clb_requests_total", "rule=\"loc-echo\""))
                .isEqualTo(1.0);
        assertThat(URI.create(server.managementUri().orElseThrow().toString()).getHost()).isEqualTo("127.0.0.1");
    }
}
