package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The fast table agrees with the naive reference on generated rule sets, hosts and hostile request-targets. */
class RouteTablePropertiesTests {
    private static final Gen<List<Integer>> RULES = lists().of(integers().between(0, 1_000_000)).ofSizeBetween(1, 14);
    private static final Gen<List<Integer>> TOKENS = lists().of(integers().between(0, 1000)).ofSizeBetween(0, 8);

    @Test
    void fastTableAgreesWithNaiveReference() {
        qt().withExamples(3000).forAll(RULES, integers().between(0, 1000), integers().between(0, 1000), TOKENS)
                .checkAssert((rules, host, form, tokens) -> {
                    LoadBalancerConfig config = Generated.ruleSet(rules);
                    RouteTable table = RouteTable.compile(config);
                    ReferenceMatcher reference = new ReferenceMatcher(config.listeners().get(0));
                    String h = Generated.host(host);
                    String t = Generated.target(form, tokens);
                    assertThat(Outcome.of(table.route("lbl-gen", h, t)))
                            .as("host %s target %s rules %s", h, t, config.listeners().get(0).rules())
                            .isEqualTo(reference.route(h, t));
                });
    }

    @Test
    void explainGivesTheSameResultAsRoute() {
        qt().withExamples(500).forAll(RULES, integers().between(0, 1000), TOKENS)
                .checkAssert((rules, host, tokens) -> {
                    RouteTable table = RouteTable.compile(Generated.ruleSet(rules));
                    String h = Generated.host(host);
                    String t = Generated.target(5, tokens);
                    Explained e = table.explain("lbl-gen", h, t);
                    assertThat(e.result()).isEqualTo(table.route("lbl-gen", h, t));
                    assertThat(e.reason()).doesNotContain("\t", "\n", "\r").isNotBlank();
                });
    }

    @Test
    void absentHostRoutesToTheDefaultDomain() {
        qt().withExamples(500).forAll(RULES, TOKENS).checkAssert((rules, tokens) -> {
            LoadBalancerConfig config = Generated.ruleSet(rules);
            RouteTable table = RouteTable.compile(config);
            String t = Generated.target(7, tokens);
            assertThat(Outcome.of(table.route("lbl-gen", null, t)))
                    .isEqualTo(new ReferenceMatcher(config.listeners().get(0)).route(null, t));
        });
    }
}
