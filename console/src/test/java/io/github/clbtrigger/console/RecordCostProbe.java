package io.github.clbtrigger.console;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;

/**
 * A timed loop (not a test) measuring what the console adds per exchange: building the record, adding it to the
 * ring, the meters and the access-log line. Run from the module directory after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.github.clbtrigger.console.RecordCostProbe}.
 */
final class RecordCostProbe {

    private RecordCostProbe() {}

    public static void main(String[] args) {
        byte[] small = json(1024);
        byte[] event = json(2048);
        byte[] answer = json(200);
        byte[] mib = json(1 << 20);
        Inspector ring = new Inspector(Inspector.DEFAULT_CAPACITY);
        ConsoleMeters meters = new ConsoleMeters();
        meters.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        ClbAccessLog log = new ClbAccessLog(ZoneId.of("UTC"));
        for (String size : new String[] {"1 KiB", "1 MiB"}) {
            byte[] body = size.equals("1 KiB") ? small : mib;
            for (int round = 0; round < 3; round++) {
                int n = size.equals("1 KiB") ? 200_000 : 5_000;
                long blackhole = 0;
                long[] phase = new long[3];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    ExchangeRecord r = record(i, body, event, answer);
                    ring.add(r);
                    long t1 = System.nanoTime();
                    meters.record(r);
                    long t2 = System.nanoTime();
                    blackhole += log.format(r).length();
                    long t3 = System.nanoTime();
                    phase[0] += t1 - t0;
                    phase[1] += t2 - t1;
                    phase[2] += t3 - t2;
                }
                System.out.printf(Locale.ROOT, "%s body, round %d: record+ring %.2f us, meters %.2f us, "
                        + "access log %.2f us per exchange (%d)%n", size, round, phase[0] / 1e3 / n,
                        phase[1] / 1e3 / n, phase[2] / 1e3 / n, blackhole % 10);
            }
        }
    }

    private static ExchangeRecord record(int i, byte[] body, byte[] event, byte[] answer) {
        return ExchangeRecord.builder().id("req-" + i).time(Instant.now()).client("127.0.0.1", 50000)
                .server("127.0.0.1", 8080).listenerId("lbl-http").host("api.example.com").method("POST")
                .target("/hello?x=" + i).rule(new ExchangeRecord.Rule("loc-hello", "api.example.com", "/hello"))
                .explanation("exact domain api.example.com; longest prefix /hello").function(Records.HELLO, "$LATEST")
                .status(200).duration(Duration.ofMillis(3)).functionDuration(Duration.ofMillis(2))
                .requestHeader("Content-Type", "application/json").requestHeader("User-Agent", "wrk")
                .requestHeader("Accept", "*/*").requestHeader("X-Forwarded-For", "10.0.0.1")
                .requestBody(body).event(event).rawAnswer(answer).accepted()
                .responseHeader("Content-Type", "application/json").responseBody(answer).build();
    }

    private static byte[] json(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'a');
        b[0] = '"';
        b[size - 1] = '"';
        return b;
    }
}
