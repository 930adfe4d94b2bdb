package io.github.clbtrigger.benchmarks;

import io.github.clbtrigger.api.ApiOptions;
import io.github.clbtrigger.api.ConfigTarget;
import io.github.clbtrigger.api.ControlPlane;
import io.github.clbtrigger.api.ManagementServer;
import io.github.clbtrigger.api.RejectedConfig;
import io.github.clbtrigger.functions.ClbFunction;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.servlet.ClbTriggerFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * How long a change made through the TencentCloud API endpoint takes to be served: the time from a
 * {@code RegisterFunctionTargets} call sent to the first request routed through {@link ClbTriggerFilter} (in embedded
 * Jetty) to the function it bound, and how many changing calls per second the endpoint sustains. Everything runs in
 * this JVM over loopback, as {@code clb serve --api} does: the control plane ({@link ControlPlane} with its
 * {@link ManagementServer}) on a configuration file in a temporary folder of the working directory's disk, writing
 * it with fsync before each answer, and a {@link ConfigTarget} that hands each change to the filter.
 *
 * <p>A configuration of {@code R} rules has {@code ceil(R / 50)} HTTP listeners of up to 50 rules each (CLB's quota
 * per listener), every rule {@code localhost} + {@code /rK}; changes go to the first listener, whose port is the
 * Jetty connector's. A timed call: {@code RegisterFunctionTargets} of rule {@code K}, then requests to {@code /rK}
 * until one is answered by the function (the first is: the change is applied before the call answers; the count of
 * extra requests is reported); then an untimed {@code DeregisterFunctionTargets} puts it back. The client is the
 * JDK's {@link HttpClient} with the endpoint unsigned (no credentials configured: the endpoint accepts any call), so
 * the figures are the server's and the loopback's, not an SDK's signing.
 *
 * <p>The sustained rate is Register/Deregister pairs from {@code CLIENTS} threads, each on rules of its own, each
 * sending its next call when the last one is answered. The endpoint commits the changes that arrive during one write
 * together (group commit, {@code --api-max-group}), so its rate grows with the calls in flight: with 4 clients a
 * write holds at most 4 changes and the clients' own round trips show in the figure; 8 is the default.
 *
 * <p>Usage: {@code ApiChangeHarness OUT_JSON [RULES,RULES...] [CALLS] [SUSTAIN_SECONDS] [CLIENTS]}, defaults
 * {@code 10,10000 400 5 8}. Writes one JSON object per rule count to OUT_JSON (a JSON array) and prints a summary.
 */
public final class ApiChangeHarness {
    private static final int PER_LISTENER = 50;
    private static final Logger QUIET = Logger.getLogger("io.github.clbtrigger");
    private static final ClbFunction HELLO = (event, context) ->
            "{\"isBase64Encoded\":false,\"statusCode\":200,\"headers\":{\"Content-Type\":\"text/plain\"},"
                    + "\"body\":\"hello\"}";

    private ApiChangeHarness() {
    }

    /**
     * Runs the measurement.
     *
     * @param args OUT_JSON [RULES,...] [CALLS] [SUSTAIN_SECONDS] [CLIENTS]
     * @throws Exception if a server cannot start or a call fails
     */
    public static void main(String[] args) throws Exception {
        QUIET.setLevel(Level.WARNING);
        Path out = Path.of(args[0]);
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "10,10000").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        int sustain = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        List<String> results = new ArrayList<>();
        for (int rules : sizes) {
            results.add(run(rules, calls, sustain, clients));
        }
        Files.writeString(out, "[\n" + String.join(",\n", results) + "\n]\n");
    }

    static String config(int rules, int port) {
        StringBuilder b = new StringBuilder("{\"LoadBalancerId\":\"lb-bench\",\"Listeners\":[");
        int listeners = (rules + PER_LISTENER - 1) / PER_LISTENER;
        for (int l = 0; l < listeners; l++) {
            b.append(l == 0 ? "" : ",").append("{\"ListenerId\":\"").append(l == 0 ? "lbl-http" : "lbl-" + l)
                    .append("\",\"Protocol\":\"HTTP\",\"Port\":").append(l == 0 ? port : 30000 + l)
                    .append(",\"Rules\":[");
            for (int r = 0; r < PER_LISTENER && l * PER_LISTENER + r < rules; r++) {
                b.append(r == 0 ? "" : ",").append("{\"LocationId\":\"loc-").append(l).append('-').append(r)
                        .append("\",\"Domain\":\"localhost\",\"Url\":\"/r").append(r).append("\"}");
            }
            b.append("]}");
        }
        return b.append("],\"Functions\":[{\"FunctionName\":\"hello\"}]}").toString();
    }

    private static String run(int rules, int calls, int sustainSeconds, int clients) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "clb-api-bench");
        Path file = dir.resolve("clb.json");
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        connector.open();
        int port = connector.getLocalPort();
        String initial = config(rules, port);
        Files.writeString(file, initial);
        ClbTriggerFilter filter = ClbTriggerFilter.builder().config(initial).function("hello", HELLO)
                .listener("http", port, "lbl-http").build();
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        ConfigTarget target = new ConfigTarget() {
            @Override
            public void apply(String configJson) throws RejectedConfig {
                apply(configJson, LoadBalancerConfig.parse(configJson));
            }

            @Override
            public void apply(String configJson, LoadBalancerConfig parsed) throws RejectedConfig {
                try {
                    filter.apply(configJson, parsed);
                } catch (ConfigException e) {
                    throw new RejectedConfig(e.getMessage(), e);
                }
            }

            @Override
            public void apply(String configJson, LoadBalancerConfig parsed, Optional<String> functions)
                    throws RejectedConfig {
                try {
                    filter.apply(configJson, parsed, functions);
                } catch (ConfigException e) {
                    throw new RejectedConfig(e.getMessage(), e);
                }
            }
        };
        ApiOptions options = ApiOptions.defaults().withPort(0).withRateLimit(1_000_000);
        try (ControlPlane plane = ControlPlane.open(file, target, options);
             Closing api = new Closing(ManagementServer.start(plane))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI endpoint = URI.create("http://127.0.0.1:" + api.server.port() + "/");
            String site = "http://127.0.0.1:" + port;
            int local = Math.min(rules, PER_LISTENER);
            int warm = Math.max(200, calls / 2);
            long[] took = new long[calls];
            long extra = 0;
            for (int i = -warm; i < calls; i++) {
                int k = Math.floorMod(i, local);
                long t0 = System.nanoTime();
                call(http, endpoint, "RegisterFunctionTargets", binding(k));
                int tries = 0;
                while (!routed(http, site + "/r" + k)) {
                    tries++;
                    if (tries > 1000) {
                        throw new IllegalStateException("rule " + k + " never reached the function");
                    }
                }
                long t1 = System.nanoTime();
                call(http, endpoint, "DeregisterFunctionTargets", binding(k));
                if (i >= 0) {
                    took[i] = t1 - t0;
                    extra += tries;
                }
            }
            Arrays.sort(took);
            double rate = sustained(http, endpoint, local, sustainSeconds, clients);
            long bytes = Files.size(file);
            String json = String.format(Locale.ROOT, "  {\"rules\": %d, \"listeners\": %d, \"fileBytes\": %d,"
                            + " \"calls\": %d, \"medianMs\": %.3f, \"p90Ms\": %.3f, \"p99Ms\": %.3f, \"maxMs\": %.3f,"
                            + " \"extraRequests\": %d, \"clients\": %d, \"sustainSeconds\": %d, \"changesPerSecond\": %.1f}",
                    rules, (rules + PER_LISTENER - 1) / PER_LISTENER, bytes, calls, ms(took, 0.5), ms(took, 0.9),
                    ms(took, 0.99), took[calls - 1] / 1e6, extra, clients, sustainSeconds, rate);
            System.out.println(json.trim());
            return json;
        } finally {
            jetty.stop();
            filter.destroy();
            try (var files = Files.list(dir)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The endpoint, stopped however the run ends. */
    private record Closing(ManagementServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }

    private static String binding(int k) {
        return "{\"LoadBalancerId\":\"lb-bench\",\"ListenerId\":\"lbl-http\",\"LocationId\":\"loc-0-" + k + "\","
                + "\"FunctionTargets\":[{\"Function\":{\"FunctionNamespace\":\"default\",\"FunctionName\":\"hello\","
                + "\"FunctionQualifier\":\"$LATEST\",\"FunctionQualifierType\":\"VERSION\"},\"Weight\":10}]}";
    }

    /** Sends one call; anything but a success (an {@code Error} in the answer) stops the run. */
    private static void call(HttpClient http, URI endpoint, String action, String body)
            throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-TC-Action", action)
                .header("X-TC-Version", "2018-03-17")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"Error\"")) {
            throw new IllegalStateException(action + " failed: " + r.statusCode() + " " + r.body());
        }
    }

    private static boolean routed(HttpClient http, String url) throws IOException, InterruptedException {
        // Host 127.0.0.1:port matches no domain: the listener's default domain, localhost, serves it
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().equals("hello");
    }

    /** Register/Deregister pairs from {@code clients} threads, each on rules of its own, for {@code seconds}. */
    private static double sustained(HttpClient http, URI endpoint, int local, int seconds, int clients)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int first = c;
            Thread t = new Thread(() -> {
                try {
                    int own = Math.max(1, local / clients);   // rules c, c + clients, ...: no two clients share one
                    for (int i = 0; System.nanoTime() < end; i++) {
                        int k = first + clients * (i % own);
                        call(http, endpoint, "RegisterFunctionTargets", binding(k));
                        call(http, endpoint, "DeregisterFunctionTargets", binding(k));
                        done.addAndGet(2);
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "api-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long t1 = System.nanoTime();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a sustained call failed", failures.get(0));
        }
        return done.get() / ((t1 - t0) / 1e9);
    }
}
