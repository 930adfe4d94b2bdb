package io.github.clbtrigger.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 8: stopping the server (Jetty with a {@link GracefulHandler} and a stop timeout, as {@code clb serve}
 * should run it) completes the requests in flight within the grace period, then the filter's {@code destroy} stops
 * every {@code Bootstrap} process: none is left.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShutdownTests {

    @TempDir
    Path dir;

    @Test
    void stopCompletesInFlightRequestsThenEndsEveryChildProcess() throws Exception {
        Path config = dir.resolve("clb.json");
        Files.writeString(config, """
                {"LoadBalancerId": "lb-local", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
                 "Rules": [%s, %s]}],
                 "Functions": [{"FunctionName": "slow", "Timeout": 10}, %s]}"""
                .formatted(ScenarioSuite.rule("loc-slow", "/slow", "slow", true),
                        ScenarioSuite.rule("loc-web", "/web/", "web", false),
                        HardeningTests.webFunction(dir, ScenarioSuite.freePort())));
        ClbTriggerFilter filter = ClbTriggerFilter.builder().configFile(config)
                .function("slow", (event, ctx) -> {
                    Thread.sleep(1500);
                    return "{\"statusCode\": 200, \"body\": \"finished\"}";
                }).build();
        Server server = HardeningTests.jetty(50);
        server.setStopTimeout(10_000);
        URI base = HardeningTests.deploy(server, filter, null, true);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        // the bootstrap is up
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int status = 0;
        while (status != 201 && System.nanoTime() < deadline) {
            status = client.send(HttpRequest.newBuilder(base.resolve("/web/up")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        assertThat(status).isEqualTo(201);
        assertThat(Processes.httpFunctionServers()).isEqualTo(1);

        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inFlight.add(client.sendAsync(HttpRequest.newBuilder(base.resolve("/slow")).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(500);   // all ten are in the function now
        long start = System.nanoTime();
        server.stop();
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        for (CompletableFuture<HttpResponse<String>> call : inFlight) {
            HttpResponse<String> r = call.get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("finished");
        }
        assertThat(stopMs).as("stop waited for the in-flight requests, within the grace period")
                .isBetween(500L, 10_000L);
        long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < wait && Processes.httpFunctionServers() > 0) {
            Thread.sleep(50);
        }
        assertThat(Processes.httpFunctionServers()).as("bootstrap processes left after stop").isZero();
    }
}
