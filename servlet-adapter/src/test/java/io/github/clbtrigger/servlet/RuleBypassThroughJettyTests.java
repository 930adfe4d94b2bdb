package io.github.clbtrigger.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteResult;
import io.github.clbtrigger.matcher.RouteTable;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, item 1 through a real container: hostile encodings of {@code /admin} sent raw to Jetty 12 with the
 * filter in pass-through mode in front of a webapp. Whenever the matcher (property-tested against an nginx reading
 * in the matcher's RuleBypassPropertiesTests) routes a target to a guard, answers the guard's 301, or refuses it,
 * the webapp must not see the request. Jetty's own URI compliance refuses some targets with its 400 first
 * (ambiguous {@code %2F}, {@code %2E}, empty segments...): nothing is let through, which is acceptable. The number
 * of targets is {@code clb.bypass.jetty.examples} (default 1,500).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RuleBypassThroughJettyTests {

    static final int EXAMPLES = Integer.getInteger("clb.bypass.jetty.examples", 1_500);
    static final List<String> TOKENS = List.of("admin", "ADMIN", "Admin", "x", ".", "..", ";p=1", "\\", "%5C", "/",
            "//", "%2F", "%2f", "%2E", "%2e", "%2E%2E", "%61dmin", "%41DMIN", "adm%69n", "%C0%AF", "%C0%AE", "%25",
            "%2561dmin", "%00", "%zz", "?q=1", "#frag", "%3F", "%23", "+", "%FF", "%20", "/./", "/../", "/admin",
            "%2Fadmin", "%09");

    @Test
    void noEncodingReachesTheWebappWhenAGuardOwnsIt() throws Exception {
        String rules = String.join(",",
                ScenarioSuite.rule("loc-exact", "=/admin", "guard", true),
                ScenarioSuite.rule("loc-stop", "^~/admin/", "guard", false),
                ScenarioSuite.rule("loc-regex", "~* ^/admin", "guard", false));
        String json = """
                {"LoadBalancerId": "lb-local", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
                 "Rules": [%s]}], "Functions": [{"FunctionName": "guard", "MaxConcurrency": 1000}]}""".formatted(rules);
        RouteTable table = RouteTable.compile(LoadBalancerConfig.parse(json));
        ClbTriggerFilter filter = ClbTriggerFilter.builder().config(json)
                .function("guard", (event, ctx) -> "{\"statusCode\": 200, \"body\": \"guard\"}").build();
        Server server = HardeningTests.jetty(50);
        URI base = HardeningTests.deploy(server, filter, null);
        Map<String, Integer> outcomes = new TreeMap<>();
        AtomicInteger cases = new AtomicInteger();
        try {
            qt().withExamples(EXAMPLES).withShrinkCycles(100)
                    .forAll(integers().between(0, 3), lists().of(integers().between(0, 1 << 16)).ofSizeBetween(0, 8))
                    .checkAssert((start, codes) -> {
                        StringBuilder t = new StringBuilder(start == 0 ? "http://example.com/" : "/");
                        t.append(start % 2 == 1 ? "" : "admin");
                        for (int c : codes) {
                            t.append(c % 4 == 0 ? String.format(Locale.ROOT, "%%%02X", (c / 4) % 256)
                                    : TOKENS.get(c % TOKENS.size()));
                        }
                        String target = t.toString();
                        RouteResult route = table.route("lbl-http", "example.com", target);
                        RawHttp.Response r;
                        try {
                            r = RawHttp.exchange(base, "GET " + target + " HTTP/1.1\r\nHost: example.com", new byte[0]);
                        } catch (java.io.IOException e) {
                            throw new AssertionError(target, e);
                        }
                        cases.incrementAndGet();
                        boolean servlet = r.body().startsWith("servlet ");
                        String kind = (route instanceof RouteResult.NotFound ? "unguarded" : "guarded") + " -> "
                                + (servlet ? "webapp" : r.body().equals("guard") ? "guard" : Integer.toString(r.status()));
                        synchronized (outcomes) {
                            outcomes.merge(kind, 1, Integer::sum);
                        }
                        if (!(route instanceof RouteResult.NotFound)) {
                            assertThat(servlet).as("target %s (matcher: %s) reached the webapp", target, route).isFalse();
                        }
                    });
        } finally {
            server.stop();
        }
        System.out.printf(Locale.ROOT, "rule bypass through Jetty: %d targets, %s%n", cases.get(), outcomes);
        assertThat(outcomes.getOrDefault("guarded -> guard", 0)).as("targets reach the guard function").isPositive();
    }
}
