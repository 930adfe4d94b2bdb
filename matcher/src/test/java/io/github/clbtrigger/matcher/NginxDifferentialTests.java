package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Differential test against a real nginx: curated and generated rule sets are rendered as nginx configuration
 * ({@link Nginx}), and every request must get the same answer from nginx and from {@link RouteTable}.
 *
 * <p>Runs only in the {@code nginx} Maven profile ({@code mvn -B verify -Pnginx}); there a missing nginx binary fails
 * the test. Install one with {@code apt-get install nginx-light} or point {@code -Dnginx.binary} at it.
 * With {@code -Dnginx.record=true} it also rewrites the golden vectors ({@link Vectors}) that
 * {@link GoldenVectorsTests} checks in every build.
 */
@Tag("nginx")
class NginxDifferentialTests {
    private static final int GENERATED_SETS = Integer.getInteger("nginx.sets", 40);
    private static final int RECORDED_SETS = 25;
    private static final int REQUESTS_PER_SET = 150;

    @Test
    void everyRequestGetsNginxsAnswer() throws Exception {
        Path binary = Nginx.binary().orElse(null);
        if (binary == null) {
            fail("nginx is required by the 'nginx' profile but was not found on the PATH or in /usr/sbin; install it"
                    + " (apt-get install -y nginx-light) or pass -Dnginx.binary=/path/to/nginx");
        }
        String version = Nginx.version(binary);
        StringBuilder golden = new StringBuilder("# Golden vectors recorded from real nginx (" + version
                + ") by NginxDifferentialTests with -Dnginx.record=true. Do not edit by hand.\n");
        List<String> mismatches = new ArrayList<>();
        int requests = 0;
        for (Curated.Set set : Curated.all()) {
            requests += run(binary, set.name(), set.config(), set.requests(), golden, mismatches);
        }
        for (int seed = 1; seed <= GENERATED_SETS; seed++) {
            Random random = new Random(seed);
            List<Integer> codes = new ArrayList<>();
            for (int i = 0, n = 3 + random.nextInt(14); i < n; i++) {
                codes.add(random.nextInt(1_000_000));
            }
            LoadBalancerConfig config = Generated.ruleSet(codes);
            List<String[]> reqs = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_SET; i++) {
                List<Integer> tokens = new ArrayList<>();
                for (int k = 0, m = random.nextInt(7); k < m; k++) {
                    tokens.add(random.nextInt(1000));
                }
                reqs.add(new String[] {Generated.host(random.nextInt(1000)),
                        Generated.target(random.nextInt(1000), tokens)});
            }
            StringBuilder sink = seed <= RECORDED_SETS ? golden : new StringBuilder();
            requests += run(binary, "generated seed " + seed, config, reqs, sink, mismatches);
        }
        if (Boolean.getBoolean("nginx.record")) {
            Path out = Path.of("src/test/resources" + Vectors.RESOURCE);
            Files.createDirectories(out.getParent());
            Files.writeString(out, golden.toString(), StandardCharsets.UTF_8);
        }
        assertThat(requests).isGreaterThan(1000);
        assertThat(mismatches).as("requests where RouteTable and nginx %s disagree (of %d)", version, requests)
                .isEmpty();
    }

    private static int run(Path binary, String name, LoadBalancerConfig config, List<String[]> requests,
                           StringBuilder golden, List<String> mismatches) throws IOException, InterruptedException {
        RouteTable table = RouteTable.compile(config);
        ListenerConfig listener = config.listeners().get(0);
        golden.append("# ").append(name).append('\n').append("config\t").append(Vectors.json(config)).append('\n');
        try (Nginx nginx = Nginx.start(binary, listener)) {
            for (String[] r : requests) {
                String expected = nginx.ask(r[0], r[1]);
                String actual = Outcome.of(table.route(listener.listenerId(), r[0], r[1]));
                golden.append("case\t").append(Vectors.escape(r[0])).append('\t').append(Vectors.escape(r[1]))
                        .append('\t').append(expected).append('\n');
                if (!expected.equals(actual)) {
                    mismatches.add(name + ": host " + Vectors.escape(r[0]) + " target " + Vectors.escape(r[1])
                            + ": nginx " + expected + ", table " + actual + " ("
                            + table.explain(listener.listenerId(), r[0], r[1]).reason() + ")");
                }
            }
        }
        return requests.size();
    }
}
