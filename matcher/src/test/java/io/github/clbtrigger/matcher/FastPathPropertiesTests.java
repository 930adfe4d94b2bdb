package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The in-place lookup of {@link RouteTable#route} (plain Host and target, hash probes per prefix length and per
 * dot of the Host) agrees with the naive reference and, value for value, with the general path that
 * {@link RouteTable#explain} takes; its two boundary shortcuts agree with the full parsers.
 */
class FastPathPropertiesTests {
    private static final List<String> SEGMENTS = List.of("/", "/a", "/ab", "/abc", "/b", "a", "b", "/api", "/v1",
            "/x.png", ".", "-", "_", "=", ":", "/A");
    private static final List<String> DOMAINS = List.of("example.com", "a.example.com", "b.a.example.com",
            "*.example.com", "*.a.example.com", "*.b.a.example.com", "*.com", "www.example.*", "www.*",
            "www.example.co.*", "~^www\\d", "x.y", "*.y", "x.*");
    private static final List<String> HOSTS = List.of("example.com", "a.example.com", "b.a.example.com",
            "c.b.a.example.com", "z.example.com", "www.example.com", "www.example.co.uk", "www7.example.org",
            "x.y", "q.x.y", "x.y.z", "other.org", "A.Example.com", "a.example.com:8080", "a.example.com.",
            "www.example.:80", ".example.com", "www.", "a..b", " a.example.com", "[::1]:80", "\u00e9.com", "x.y:");
    private static final Gen<List<Integer>> CODES = lists().of(integers().between(0, 1_000_000)).ofSizeBetween(1, 60);
    private static final Gen<List<Integer>> PIECES = lists().of(integers().between(0, 1000)).ofSizeBetween(0, 6);

    private static String path(List<Integer> pieces, int salt) {
        StringBuilder sb = new StringBuilder("/");
        for (int p : pieces) {
            sb.append(SEGMENTS.get((p + salt) % SEGMENTS.size()));
        }
        return sb.toString().replaceAll("/+", "/").replace("/.", "/x");
    }

    /** Up to 60 rules of every URL kind over many prefix lengths, on exact and wildcard domains. */
    private static LoadBalancerConfig rules(List<Integer> codes) {
        List<RuleConfig> rules = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int n = 0;
        for (int code : codes) {
            String domain = DOMAINS.get(code % DOMAINS.size());
            int c = code / DOMAINS.size();
            String p = path(List.of(c % 97, c / 97 % 89, c / 8633 % 7), c % 5);
            String url = switch (c % 9) {
                case 0 -> "= " + p;
                case 1 -> "^~ " + p;
                case 2 -> "~ ^" + p;
                case 3 -> p + "/";
                default -> p;
            };
            if (keys.add(DomainSpec.parse(domain).text() + " " + UrlSpec.parse(url).identity())) {
                rules.add(new RuleConfig("loc-" + ++n, List.of(domain), url, false, List.of()));
            }
        }
        return new LoadBalancerConfig("lb-fast", List.of(new ListenerConfig("lbl-fast", Protocol.HTTP, 80, rules)));
    }

    @Test
    void inPlaceLookupAgreesWithReferenceAndGeneralPath() {
        qt().withExamples(3000).forAll(CODES, integers().between(0, 1000), PIECES, integers().between(0, 99))
                .checkAssert((codes, host, pieces, query) -> {
                    LoadBalancerConfig config = rules(codes);
                    RouteTable table = RouteTable.compile(config);
                    String h = host % 17 == 0 ? null : HOSTS.get(host % HOSTS.size());
                    String t = path(pieces, query) + (query % 3 == 0 ? "?q=" + query + "/./" : query % 7 == 0 ? "?" : "");
                    RouteResult fast = table.route("lbl-fast", h, t);
                    assertThat(fast).as("host %s target %s", h, t).isEqualTo(table.explain("lbl-fast", h, t).result());
                    assertThat(Outcome.of(fast)).as("host %s target %s rules %s", h, t,
                            config.listeners().get(0).rules())
                            .isEqualTo(new ReferenceMatcher(config.listeners().get(0)).route(h, t));
                });
    }

    /**
     * The equality shortcuts (a Host equal to a configured exact domain, a target equal to a configured {@code =}
     * path) agree with the general path and the reference, also for near misses: the configured text with a port, a
     * trailing dot, upper case, a query, a suffix, a doubled slash.
     */
    @Test
    void equalityShortcutsAgreeWithReferenceAndGeneralPath() {
        List<String> hostVariants = List.of("", ":80", ".", "X", "..", ":");
        List<String> targetVariants = List.of("", "?", "?q", "/", "x", "//", "/.", "#", "%41", " ");
        qt().withExamples(3000).forAll(CODES, integers().between(0, 1000), integers().between(0, 1000),
                integers().between(0, 99)).checkAssert((codes, pick, variant, upper) -> {
                    LoadBalancerConfig config = rules(codes);
                    List<RuleConfig> rules = config.listeners().get(0).rules();
                    RuleConfig r = rules.get(pick % rules.size());
                    String domain = r.domains().get(0);
                    String h = domain.startsWith("*") || domain.endsWith("*") || domain.startsWith("~") ? domain
                            .replace("*", "q").replace("~", "") : domain;
                    h += hostVariants.get(variant % hostVariants.size() < 3 && variant % 4 != 0 ? 0
                            : variant % hostVariants.size());
                    if (upper % 5 == 0) {
                        h = h.toUpperCase(java.util.Locale.ROOT);
                    }
                    String url = r.url();
                    String t = url.startsWith("~") ? "/x" : url.replaceFirst("^(=|\\^~) *", "");
                    t += targetVariants.get(variant / 7 % 3 == 0 ? 0 : variant / 7 % targetVariants.size());
                    RouteResult fast = table(config).route("lbl-fast", h, t);
                    assertThat(fast).as("host %s target %s", h, t)
                            .isEqualTo(table(config).explain("lbl-fast", h, t).result());
                    assertThat(Outcome.of(fast)).as("host %s target %s rules %s", h, t, rules)
                            .isEqualTo(new ReferenceMatcher(config.listeners().get(0)).route(h, t));
                });
    }

    /** Configured text that is not plain ({@code ?}, {@code //}, dot segments) is never an equality shortcut. */
    @Test
    void configuredTextThatIsNotPlainTakesTheGeneralPath() {
        List<String> urls = List.of("= /a?b", "= /a//b", "= /a/./b", "= /a/../b", "= /a/.", "= /a/b/..", "= /c",
                "/a/", "= /a");
        List<RuleConfig> rules = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            rules.add(Curated.rule("r" + i, i % 2 == 0 ? "example.com" : "www.example.com", urls.get(i), false));
        }
        LoadBalancerConfig config = new LoadBalancerConfig("lb-fast",
                List.of(new ListenerConfig("lbl-fast", Protocol.HTTP, 80, rules)));
        RouteTable table = table(config);
        for (String h : List.of("example.com", "www.example.com", "Example.com", "example.com:80")) {
            for (String u : urls) {
                for (String suffix : List.of("", "?", "?x", "/", "#")) {
                    String t = u.replaceFirst("^= *", "") + suffix;
                    RouteResult fast = table.route("lbl-fast", h, t);
                    assertThat(fast).as("host %s target %s", h, t)
                            .isEqualTo(table.explain("lbl-fast", h, t).result());
                    assertThat(Outcome.of(fast)).as("host %s target %s", h, t)
                            .isEqualTo(new ReferenceMatcher(config.listeners().get(0)).route(h, t));
                }
            }
        }
    }

    private static RouteTable table(LoadBalancerConfig config) {
        return RouteTable.compile(config);
    }

    @Test
    void plainTargetIsWhatTheParserGives() {
        qt().withExamples(5000).forAll(integers().between(0, 1000), lists().of(integers().between(0, 1000))
                .ofSizeBetween(0, 8)).checkAssert((form, tokens) -> {
                    String t = Generated.target(form, tokens);
                    int end = RequestTarget.plain(t);
                    if (end >= 0) {
                        String query = end == t.length() ? "" : t.substring(end + 1);
                        assertThat(RequestTarget.parse(t)).as(t)
                                .isEqualTo(new RequestTarget.Parsed.Ok(t.substring(0, end), query, ""));
                        assertThat(Bytes.toText(t.substring(0, end))).isEqualTo(t.substring(0, end));
                        assertThat(Bytes.toText(query)).isEqualTo(query);
                    }
                });
    }

    /**
     * Every char, at every position modulo 8 of targets 2 to 19 chars long (ASCII and Latin-1 chars at every one of
     * those positions, every other char at four), alone, after a slash and after a dot, in the path and in the query:
     * {@link RequestTarget#plain} takes the target exactly when a naive reading of its contract says it may, and
     * then agrees with the parser.
     */
    @Test
    void plainTargetTakesExactlyTheTargetsItMay() {
        int checked = 0;
        for (int c = 0; c < 0x10000; c++) {
            for (int at = 1; at <= 17; at++) {
                if (c >= 0x100 && at != 1 && at != 7 && at != 8 && at != 16) {
                    continue;
                }
                for (String before : List.of("", "/", ".")) {
                    for (boolean query : List.of(false, true)) {
                        String head = query ? "/v1?" : "/";
                        String pad = "abcdefghijklmnopq".substring(0, Math.max(0, at - head.length() - before.length()));
                        String t = head + pad + before + (char) c + "xy".substring(0, at % 3 == 0 ? 0 : at % 3);
                        int end = RequestTarget.plain(t);
                        assertThat(end).as("plain(%s), char %04x", Bytes.escape(Bytes.of(t)), c)
                                .isEqualTo(naivePlainEnd(t));
                        if (end >= 0) {
                            assertThat(RequestTarget.parse(t)).isEqualTo(new RequestTarget.Parsed.Ok(t.substring(0, end),
                                    end == t.length() ? "" : t.substring(end + 1), ""));
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1_000_000);
    }

    /** {@link RequestTarget#plain}'s contract, read literally: the path end of a target that needs no normalization. */
    private static int naivePlainEnd(String t) {
        int q = t.indexOf('?');
        String path = q < 0 ? t : t.substring(0, q);
        if (path.isEmpty() || path.charAt(0) != '/' || path.contains("//") || path.contains("/.")) {
            return -1;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean visibleAscii = c > ' ' && c < 0x7f;
            if (!visibleAscii || c == '#' || (q < 0 || i < q) && c == '%') {
                return -1;
            }
        }
        return path.length();
    }

    @Test
    void plainHostIsWhatTheCheckGives() {
        List<String> hosts = new ArrayList<>(HOSTS);
        hosts.addAll(Generated.HOSTS);
        hosts.addAll(List.of("a.b:8.0", "a.:8.0", ":80", "a:", "a.b:X", "A:80", "a:80:90", "a\t", "a/b", "a.b.:1"));
        for (String h : hosts) {
            long plain = HostName.plain(h);
            if ((int) plain >= 0) {
                int n = (int) plain;
                assertThat((int) (plain >>> 32)).isEqualTo(h.substring(0, n).hashCode());
                assertThat(HostName.check(h)).as(h).isEqualTo(new HostName.Checked.Valid(h.substring(0, n)));
            }
        }
        for (String h : List.of("api.example.com", "api.example.com:8080", "a", "x-1.example.com:", "a.b:8.0")) {
            assertThat((int) HostName.plain(h)).as("%s takes the fast path", h).isEqualTo(h.split(":")[0].length());
        }
        for (String h : List.of("Api.example.com", "a.", "a..b", " a", "[::1]", "a/b", "", "\u00e9")) {
            assertThat((int) HostName.plain(h)).as("%s takes the general path", h).isNegative();
        }
        for (String t : List.of("/", "/svc1/api/users?id=7", "/a.b/c?", "/x?q=/../%zz", "/a/b/")) {
            assertThat(RequestTarget.plain(t)).as("%s takes the fast path", t).isEqualTo(t.split("\\?")[0].length());
        }
        for (String t : List.of("//a", "/a/./b", "/a/..", "/a%41", "/a#b", "/a?b#c", "/a b", "/\u00e9", "http://h/", "")) {
            assertThat(RequestTarget.plain(t)).as("%s takes the general path", t).isNegative();
        }
    }
}
