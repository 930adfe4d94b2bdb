package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Compiling and validating against the table being replaced gives what the full compile and validation give: the
 * same problems in the same order, and the same answer to every request. The previous configuration is valid (it has
 * a table); the change is one listener replaced, added, removed or rebuilt equal, and may break anything, including
 * what involves other listeners (a port, a {@code ListenerId}, a {@code LocationId} in use elsewhere).
 */
class IncrementalCompilePropertiesTests {
    private static final Gen<List<Integer>> CODES = lists().of(integers().between(0, 1_000_000)).ofSizeBetween(1, 40);
    private static final Gen<List<Integer>> TOKENS = lists().of(integers().between(0, 1000)).ofSizeBetween(0, 6);

    /** Mostly valid values, with a few of each kind of mistake among them. */
    private static final List<String> URLS = List.of("/", "/a", "/a/", "/api", "= /a", "^~ /a", "~ ^/a", "~* .png$",
            "/v1/", "no-slash", "~ (", "/a");
    private static final List<String> DOMAINS = List.of("example.com", "a.example.com", "*.example.com",
            "www.example.*", "~^r\\d+\\.x$", "bad domain", "EXAMPLE.com");

    /** A valid configuration of 1-4 listeners (some TCP), each with valid rules of its own. */
    private static LoadBalancerConfig valid(List<Integer> codes) {
        int n = 1 + Math.abs(codes.get(0)) % 4;
        List<ListenerConfig> ls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> own = new ArrayList<>();
            for (int k = i; k < codes.size(); k += n) {
                own.add(codes.get(k));
            }
            if (i > 0 && Math.abs(codes.get(i % codes.size())) % 5 == 0) {
                ls.add(new ListenerConfig("lbl-" + i, Protocol.TCP, 9000 + i, List.of()));
            } else {
                ls.add(renamed(Generated.ruleSet(own).listeners().get(0), "lbl-" + i, 8000 + i, "l" + i + "-"));
            }
        }
        return new LoadBalancerConfig("lb-gen", ls);
    }

    private static ListenerConfig renamed(ListenerConfig l, String id, int port, String locPrefix) {
        List<RuleConfig> rules = new ArrayList<>();
        for (RuleConfig r : l.rules()) {
            rules.add(new RuleConfig(locPrefix + r.locationId(), r.domains(), r.url(), r.defaultServer(), r.targets()));
        }
        return new ListenerConfig(id, l.protocol(), port, rules);
    }

    /** A listener from codes that may break any rule: values, duplicates, ids and ports shared with others. */
    private static ListenerConfig hostile(List<Integer> codes, String id) {
        int c0 = Math.abs(codes.get(0));
        List<RuleConfig> rules = new ArrayList<>();
        for (int k = 1; k < codes.size(); k++) {
            int c = Math.abs(codes.get(k));
            // an id another listener holds: the first one's, or one of the next three's (before or after this one)
            String loc = c % 7 == 0 ? "l" + (c % 28 == 0 ? 0 : c % 4) + "-loc-" + (1 + c % 3) : "new-" + k;
            List<FunctionTarget> targets = new ArrayList<>();
            if (c % 3 == 0) {
                targets.add(new FunctionTarget(new FunctionRef("default", "f" + (c % 2), "$LATEST", "VERSION"),
                        c % 11 == 0 ? 101 : 50));
            }
            if (c % 13 == 0) {
                targets.add(new FunctionTarget(new FunctionRef("default", "g", "1", "VERSION"), 10));
            }
            rules.add(new RuleConfig(loc, List.of(DOMAINS.get(c % DOMAINS.size())), URLS.get((c / 7) % URLS.size()),
                    c % 17 == 0, targets));
        }
        Protocol p = c0 % 9 == 0 ? Protocol.TCP : c0 % 2 == 0 ? Protocol.HTTP : Protocol.HTTPS;
        return new ListenerConfig(c0 % 10 == 0 ? "lbl-0" : id, p, c0 % 4 == 0 ? 8000 : 8500 + c0 % 3, rules);
    }

    /** One change to {@code base}: a listener replaced, added, removed, or every listener rebuilt equal. */
    private static LoadBalancerConfig changed(LoadBalancerConfig base, int how, List<Integer> codes) {
        List<ListenerConfig> ls = new ArrayList<>(base.listeners());
        int at = Math.abs(how / 4) % ls.size();
        switch (Math.abs(how) % 4) {
            case 0 -> ls.set(at, hostile(codes, ls.get(at).listenerId()));
            case 1 -> ls.add(Math.abs(how / 16) % (ls.size() + 1), hostile(codes, "lbl-new"));
            case 2 -> ls.remove(at);
            default -> {
                ls.replaceAll(l -> new ListenerConfig(l.listenerId(), l.protocol(), l.port(),
                        new ArrayList<>(l.rules())));
                ls.set(at, hostile(codes, ls.get(at).listenerId()));
            }
        }
        return new LoadBalancerConfig(base.loadBalancerId(), ls);
    }

    /**
     * A change that is valid unless {@code how} asks for a {@link #changed hostile} one: a listener replaced by new
     * rules (whose ids are named after its {@code ListenerId}, so some are kept, some added, some dropped), a listener
     * added, or one removed.
     */
    private static LoadBalancerConfig step(LoadBalancerConfig base, int how, List<Integer> codes, int k) {
        List<ListenerConfig> ls = new ArrayList<>(base.listeners());
        int at = ls.isEmpty() ? 0 : Math.abs(how / 8) % ls.size();
        switch (ls.isEmpty() ? 3 : Math.abs(how) % 8) {
            case 0, 1, 2 -> {
                ListenerConfig was = ls.get(at);
                if (was.protocol().isLayer7()) {
                    ls.set(at, renamed(Generated.ruleSet(codes).listeners().get(0), was.listenerId(), was.port(),
                            "p" + was.listenerId() + "-"));
                }
            }
            case 3 -> ls.add(Math.abs(how / 64) % (ls.size() + 1), renamed(Generated.ruleSet(codes).listeners()
                    .get(0), "lbl-k" + k, 7000 + k, "plbl-k" + k + "-"));
            case 4 -> {
                if (ls.size() > 1) {
                    ls.remove(at);
                }
            }
            case 5 -> ls.replaceAll(l -> new ListenerConfig(l.listenerId(), l.protocol(), l.port(),
                    new ArrayList<>(l.rules())));
            default -> {
                return changed(base, how, codes);
            }
        }
        return new LoadBalancerConfig(base.loadBalancerId(), ls);
    }

    @Test
    void aChainOfIncrementalCompilesChecksAndIndexesAsTheFullCompile() {
        qt().withExamples(500).forAll(CODES, lists().of(integers().all()).ofSizeBetween(1, 16), CODES)
                .checkAssert((base, hows, codes) -> {
                    LoadBalancerConfig config = valid(base);
                    RouteTable table = RouteTable.compile(config);
                    for (int k = 0; k < hows.size(); k++) {
                        List<Integer> own = new ArrayList<>(codes);
                        java.util.Collections.rotate(own, k);
                        LoadBalancerConfig next = step(config, hows.get(k), own, k);
                        List<ConfigProblem> full = ConfigValidator.validate(next, false);
                        assertThat(ConfigValidator.validate(next, false, table)).as("step %d", k).isEqualTo(full);
                        if (!full.isEmpty()) {
                            continue;
                        }
                        table = RouteTable.compile(next, table);
                        config = next;
                        assertThat(table.locations().asMap()).as("step %d", k)
                                .isEqualTo(LocationIndex.of(next).asMap());
                        for (ListenerConfig l : next.listeners()) {
                            if (l.protocol().isLayer7()) {
                                // held by this configuration's object, so the next compile knows it by identity
                                assertThat(table.compiled(l).listener()).isSameAs(l);
                            }
                        }
                    }
                });
    }

    @Test
    void incrementalValidationReportsWhatTheFullOneReports() {
        qt().withExamples(2000).forAll(CODES, integers().all(), CODES, integers().between(0, 1))
                .checkAssert((base, how, change, strict) -> {
                    LoadBalancerConfig before = valid(base);
                    RouteTable previous = RouteTable.compile(before);
                    LoadBalancerConfig after = changed(before, how, change);
                    assertThat(ConfigValidator.validate(after, strict == 1, previous))
                            .isEqualTo(ConfigValidator.validate(after, strict == 1));
                });
    }

    @Test
    void incrementalCompileRoutesAsTheFullOne() {
        qt().withExamples(2000).forAll(CODES, integers().all(), CODES, lists().of(integers().between(0, 1000))
                        .ofSizeBetween(1, 8))
                .checkAssert((base, how, change, requests) -> {
                    LoadBalancerConfig before = valid(base);
                    RouteTable previous = RouteTable.compile(before);
                    LoadBalancerConfig after = changed(before, how, change);
                    List<ConfigProblem> problems = ConfigValidator.validate(after, false);
                    if (!problems.isEmpty()) {
                        assertThatThrownBy(() -> RouteTable.compile(after, previous))
                                .isInstanceOfSatisfying(ConfigException.class,
                                        e -> assertThat(e.problems()).isEqualTo(problems));
                        return;
                    }
                    RouteTable full = RouteTable.compile(after);
                    RouteTable incremental = RouteTable.compile(after, previous);
                    assertThat(incremental.config()).isSameAs(after);
                    for (ListenerConfig l : after.listeners()) {
                        if (!l.protocol().isLayer7()) {
                            continue;
                        }
                        for (int r : requests) {
                            String host = Generated.host(r);
                            String target = Generated.target(r / 7, List.of(r, r / 3, r / 11));
                            assertThat(incremental.route(l.listenerId(), host, target))
                                    .as("%s %s %s", l.listenerId(), host, target)
                                    .isEqualTo(full.route(l.listenerId(), host, target));
                        }
                    }
                });
    }

    @Test
    void anUnchangedListenerKeepsItsCompiledRoutes() {
        qt().withExamples(300).forAll(CODES, CODES, TOKENS).checkAssert((base, change, tokens) -> {
            LoadBalancerConfig before = valid(base);
            RouteTable previous = RouteTable.compile(before);
            List<ListenerConfig> ls = new ArrayList<>(before.listeners());
            ls.add(renamed(Generated.ruleSet(change).listeners().get(0), "lbl-added", 7999, "added-"));
            RouteTable next = RouteTable.compile(new LoadBalancerConfig("lb-gen", ls), previous);
            for (ListenerConfig l : before.listeners()) {
                if (l.protocol().isLayer7()) {
                    assertThat(next.compiled(l)).isSameAs(previous.compiled(l));
                }
            }
            ListenerConfig added = ls.get(ls.size() - 1);
            assertThat(previous.compiled(added)).isNull();
            assertThat(Outcome.of(next.route("lbl-added", "example.com", Generated.target(5, tokens))))
                    .isEqualTo(new ReferenceMatcher(added).route("example.com", Generated.target(5, tokens)));
        });
    }
}
