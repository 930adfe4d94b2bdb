package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleMetersTests {

    private static final String HELLO = "default/hello:$LATEST";
    private static final String ORDERS = "shop/orders:2";

    private PrometheusMeterRegistry registry;
    private ConsoleMeters meters;

    @BeforeEach
    void bind() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters = new ConsoleMeters();
        meters.bindTo(registry);
    }

    /** The known mix: 5 fast 200s and 2 slow 502s on hello, 3 201s on orders, one 404 no rule took. */
    private void sendTheMix() {
        for (int i = 0; i < 5; i++) {
            meters.record(Records.ok("a" + i).duration(Duration.ofMillis(3)).build());
        }
        for (int i = 0; i < 2; i++) {
            meters.record(Records.ok("b" + i).status(502).error("FUNCTION_ERROR").duration(Duration.ofMillis(40))
                    .build());
        }
        for (int i = 0; i < 3; i++) {
            meters.record(Records.ok("c" + i).status(201).function(Records.ORDERS, "2")
                    .rule(new ExchangeRecord.Rule("loc-orders", "shop.example.com", "/orders"))
                    .duration(Duration.ofMillis(120)).build());
        }
        meters.record(ExchangeRecord.builder().id("d").time(Instant.EPOCH).listenerId("lbl-http").method("GET")
                .target("/nowhere").status(404).error("NOT_FOUND").duration(Duration.ofMillis(1)).build());
        meters.bootstrapRestarted(Records.HELLO);
        meters.bootstrapRestarted(Records.HELLO);
        meters.invocationRejected(Records.ORDERS, "THROTTLED");
        meters.configReloaded(true);
        meters.configReloaded(false);
        meters.configReloaded(false);
        meters.invocationStarted(Records.HELLO);
        meters.invocationStarted(Records.HELLO);
        meters.invocationStarted(Records.HELLO);
        meters.invocationFinished(Records.HELLO);
    }

    @Nested
    class TheKnownMix {
        private Map<String, Double> samples;

        @BeforeEach
        void scrape() {
            sendTheMix();
            samples = PrometheusText.parse(registry.scrape());
        }

        private double sample(String name, String... labels) {
            String key = PrometheusText.key(name, labels);
            assertThat(samples).as("samples:\n%s", String.join("\n", new TreeMap<>(samples).keySet())).containsKey(key);
            return samples.get(key);
        }

        @Test
        void requestsByListenerRuleFunctionAndStatusClass() {
            assertThat(sample("clb_requests_total",
                    "function", HELLO, "listener", "lbl-http", "rule", "loc-hello", "status", "2xx")).isEqualTo(5);
            assertThat(sample("clb_requests_total",
                    "function", HELLO, "listener", "lbl-http", "rule", "loc-hello", "status", "5xx")).isEqualTo(2);
            assertThat(sample("clb_requests_total",
                    "function", ORDERS, "listener", "lbl-http", "rule", "loc-orders", "status", "2xx")).isEqualTo(3);
            assertThat(sample("clb_requests_total",
                    "function", "-", "listener", "lbl-http", "rule", "-", "status", "4xx")).isEqualTo(1);
            assertThat(samples.entrySet().stream().filter(e -> e.getKey().startsWith("clb_requests_total{"))
                    .mapToDouble(Map.Entry::getValue).sum()).isEqualTo(11);
        }

        @Test
        void latencyHistogramBuckets() {
            String[] hello = {"function", HELLO, "listener", "lbl-http", "rule", "loc-hello"};
            assertThat(sample("clb_request_duration_seconds_bucket", with(hello, "le", "0.002"))).isEqualTo(0);
            assertThat(sample("clb_request_duration_seconds_bucket", with(hello, "le", "0.005"))).isEqualTo(5);
            assertThat(sample("clb_request_duration_seconds_bucket", with(hello, "le", "0.025"))).isEqualTo(5);
            assertThat(sample("clb_request_duration_seconds_bucket", with(hello, "le", "0.05"))).isEqualTo(7);
            assertThat(sample("clb_request_duration_seconds_bucket", with(hello, "le", "+Inf"))).isEqualTo(7);
            assertThat(sample("clb_request_duration_seconds_count", hello)).isEqualTo(7);
            assertThat(sample("clb_request_duration_seconds_sum", hello)).isCloseTo(0.095, org.assertj.core.data.Offset.offset(1e-9));
            String[] orders = {"function", ORDERS, "listener", "lbl-http", "rule", "loc-orders"};
            assertThat(sample("clb_request_duration_seconds_bucket", with(orders, "le", "0.1"))).isEqualTo(0);
            assertThat(sample("clb_request_duration_seconds_bucket", with(orders, "le", "0.25"))).isEqualTo(3);
        }

        @Test
        void errorsRestartsInFlightRejectedAndReloads() {
            assertThat(sample("clb_function_errors_total", "function", HELLO, "kind", "FUNCTION_ERROR")).isEqualTo(2);
            assertThat(sample("clb_function_errors_total", "function", "-", "kind", "NOT_FOUND")).isEqualTo(1);
            assertThat(sample("clb_bootstrap_restarts_total", "function", HELLO)).isEqualTo(2);
            assertThat(sample("clb_invocations_in_flight", "function", HELLO)).isEqualTo(2);
            assertThat(sample("clb_invocations_rejected_total", "function", ORDERS, "reason", "THROTTLED")).isEqualTo(1);
            assertThat(sample("clb_config_reloads_total", "result", "ok")).isEqualTo(1);
            assertThat(sample("clb_config_reloads_total", "result", "failed")).isEqualTo(2);
        }
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
        out[labels.length] = name;
        out[labels.length + 1] = value;
        return out;
    }

    @Test
    void aRegistryBoundLaterSeesTheMetersAlreadyCreated() {
        sendTheMix();
        PrometheusMeterRegistry late = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.bindTo(late);
        meters.record(Records.ok("late").build());
        Map<String, Double> samples = PrometheusText.parse(late.scrape());
        assertThat(samples.get(PrometheusText.key("clb_bootstrap_restarts_total", "function", HELLO))).isEqualTo(0.0);
        assertThat(samples.get(PrometheusText.key("clb_requests_total",
                "function", HELLO, "listener", "lbl-http", "rule", "loc-hello", "status", "2xx"))).isEqualTo(1.0);
    }

    @Test
    void theConsoleServesTheScrape() throws Exception {
        sendTheMix();
        try (TestServer server = new TestServer(Console.builder().metrics(registry).build())) {
            TestServer.Answer answer = server.get("/_clb/metrics");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(PrometheusText.parse(answer.body()))
                    .containsEntry(PrometheusText.key("clb_config_reloads_total", "result", "ok"), 1.0);
        }
    }

    @Nested
    class TheParserIsStrict {
        @ParameterizedTest
        @ValueSource(strings = {
            "no_type_declared 1\n",
            "# TYPE a counter\na{x=\"1\"} one\n",
            "# TYPE a counter\na{x=1} 1\n",
            "# TYPE a counter\na{x=\"1\" 1\n",
            "# TYPE a counter\nb 1\n",
            "# TYPE a counter\na 1\na 2\n",
        })
        void refusesMalformedText(String text) {
            assertThatThrownBy(() -> PrometheusText.parse(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A small strict parser of the Prometheus text exposition format 0.0.4. */
    static final class PrometheusText {
        private static final Pattern SAMPLE = Pattern.compile(
                "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})?"
                        + " (\\S+)(?: -?[0-9]+)?");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        private static final Pattern TYPE = Pattern.compile(
                "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

        static Map<String, Double> parse(String text) {
            Map<String, String> types = new HashMap<>();
            Map<String, Double> samples = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isEmpty() || line.startsWith("# HELP ")) {
                    continue;
                }
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    types.put(type.group(1), type.group(2));
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line);
                if (!sample.matches()) {
                    throw new IllegalArgumentException("not a sample line: " + line);
                }
                String name = sample.group(1);
                String family = name.replaceFirst("_(bucket|sum|count)$", "");
                if (!types.containsKey(name) && !"histogram".equals(types.get(family))
                        && !"summary".equals(types.get(family))) {
                    throw new IllegalArgumentException("no TYPE for " + name);
                }
                Map<String, String> labels = new TreeMap<>();
                if (sample.group(2) != null) {
                    Matcher label = LABEL.matcher(sample.group(2));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\n", "\n")
                                .replace("\\\\", "\\"));
                    }
                }
                double value = switch (sample.group(3)) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(sample.group(3));
                };
                String key = key(name, labels);
                if (samples.put(key, value) != null) {
                    throw new IllegalArgumentException("sample twice: " + key);
                }
            }
            return samples;
        }

        static String key(String name, String... labels) {
            Map<String, String> map = new TreeMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                map.put(labels[i], labels[i + 1]);
            }
            return key(name, map);
        }

        private static String key(String name, Map<String, String> labels) {
            StringBuilder out = new StringBuilder(name).append('{');
            labels.forEach((k, v) -> out.append(k).append('=').append(v).append(';'));
            return out.append('}').toString();
        }
    }
}
