package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Issue 7, item 1: no encoding of a request-target gets around a rule guarding {@code /admin}. Hostile targets
 * (percent-encoding of any byte in either hex case, {@code %2F}, {@code %2E}, dot segments, repeated slashes, mixed
 * case, overlong UTF-8, {@code ;} parameters, backslashes, absolute-form, fragments, queries) are routed by the
 * {@link RouteTable} and by a from-scratch reading of nginx's URI normalization and location rules written here
 * ({@link #nginxPath}, {@link #expected}); both must agree for each of three guards: {@code =/admin},
 * {@code ^~/admin/} and {@code ~* ^/admin}, each next to a catch-all {@code /}. The number of cases is the system
 * property {@code clb.bypass.examples} (default 12,000; scripts/soak.sh runs 200,000).
 */
class RuleBypassPropertiesTests {

    static final int EXAMPLES = Integer.getInteger("clb.bypass.examples", 12_000);

    /** The three guards; each config also has a catch-all "/" rule, loc-public. */
    enum Guard {
        EXACT("=/admin"), STOP_PREFIX("^~/admin/"), REGEX("~* ^/admin");

        final String url;
        final RouteTable table;

        Guard(String url) {
            this.url = url;
            this.table = RouteTable.compile(new LoadBalancerConfig("lb-guard", List.of(new ListenerConfig("lbl-guard",
                    Protocol.HTTP, 80, List.of(
                            new RuleConfig("loc-guard", List.of("example.com"), url, true, List.of()),
                            new RuleConfig("loc-public", List.of("example.com"), "/", true, List.of()))))));
        }
    }

    static final List<String> TOKENS = List.of(
            "admin", "ADMIN", "Admin", "aDmIn", "adm", "in", "admin/", "x", ".", "..", "...", ";p=1", ";", "\\",
            "%5C", "%5c", "/", "//", "///", "%2F", "%2f", "%2E", "%2e", "%2E%2E", ".%2e", "%2e.", "%61dmin", "%41DMIN",
            "adm%69n", "adm%49N", "%C0%AF", "%E0%80%AF", "%C0%AE", "%C0%AE%C0%AE", "%25", "%2541", "%2561dmin", "%00",
            "%zz", "%", "%4", "?q=1", "?a=/admin", "#frag", "#/admin", "%3F", "%23", "+", "\u00e9", "%FF", "%20",
            "%0A", "%09", "admin%00", "/./", "/../", "/admin", "/ADMIN/", "/x/../admin", "%2Fadmin", "%u0061");

    static final Gen<List<Integer>> CODES = lists().of(integers().between(0, 1 << 20)).ofSizeBetween(0, 10);

    /** A target from codes: a start (origin-form or absolute-form), then tokens or percent-encoded bytes. */
    static String target(int start, List<Integer> codes) {
        StringBuilder sb = new StringBuilder();
        switch (Math.abs(start) % 6) {
            case 0 -> sb.append("http://example.com");
            case 1 -> sb.append("HTTP://EXAMPLE.COM:80");
            case 2 -> sb.append("https://other.example");
            default -> { }
        }
        sb.append('/');
        if (start % 3 != 0) {
            sb.append("admin");   // most targets start near the guarded path
        }
        for (int code : codes) {
            int k = Math.abs(code);
            if (k % 5 == 0) {
                int b = (k / 5) % 256;   // percent-encoding of any byte, either hex case
                String hex = String.format(Locale.ROOT, "%02X", b);
                sb.append('%').append((k / 1280) % 2 == 0 ? hex : hex.toLowerCase(Locale.ROOT));
            } else {
                sb.append(TOKENS.get(k % TOKENS.size()));
            }
        }
        return sb.toString();
    }

    /**
     * nginx's URI processing read from its documentation and {@code ngx_http_parse_complex_uri}, written
     * independently of {@link RequestTarget}: strip an absolute-form's scheme and authority, cut at the first raw
     * {@code ?} or {@code #}, decode every {@code %XX} once (a bad escape or {@code %00} is a 400), then merge
     * slashes and resolve dot segments (climbing above the root is a 400). Returns {@code null} for a 400.
     */
    static String nginxPath(String target) {
        if (target.length() > RequestTarget.MAX_LENGTH) {
            return null;
        }
        String s = new String(target.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) <= 0x20 || s.charAt(i) == 0x7f) {
                return null;
            }
        }
        int at = 0;
        int scheme = s.indexOf("://");
        if (s.charAt(0) != '/') {
            int end = scheme + 3;
            while (end < s.length() && "/?#".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            at = end;
        }
        int stop = at;
        while (stop < s.length() && s.charAt(stop) != '?' && s.charAt(stop) != '#') {
            stop++;
        }
        String raw = stop == at ? "/" : s.substring(at, stop);
        StringBuilder decoded = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                decoded.append(c);
                continue;
            }
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                    || Character.digit(raw.charAt(i + 2), 16) < 0) {
                return null;
            }
            int v = Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16);
            if (v == 0) {
                return null;
            }
            decoded.append((char) v);
            i += 2;
        }
        Deque<String> stack = new ArrayDeque<>();
        String[] segments = decoded.toString().split("/", -1);
        boolean trailing = false;
        for (int i = 1; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.isEmpty() || seg.equals(".")) {
                trailing = last;
            } else if (seg.equals("..")) {
                if (stack.isEmpty()) {
                    return null;
                }
                stack.removeLast();
                trailing = last;
            } else {
                stack.addLast(seg);
                trailing = false;
            }
        }
        if (stack.isEmpty()) {
            return "/";
        }
        return "/" + String.join("/", stack) + (trailing ? "/" : "");
    }

    /** What nginx answers for a guard next to {@code location /}: loc-guard, loc-public, a 301 or 400. */
    static String expected(Guard guard, String target) {
        String path = nginxPath(target);
        if (path == null) {
            return "400";
        }
        return switch (guard) {
            case EXACT -> path.equals("/admin") ? "loc-guard" : "loc-public";
            case STOP_PREFIX -> path.startsWith("/admin/") ? "loc-guard"
                    : path.equals("/admin") ? "301 /admin/" + query(target) : "loc-public";
            case REGEX -> path.toLowerCase(Locale.ROOT).startsWith("/admin") ? "loc-guard" : "loc-public";
        };
    }

    private static String query(String target) {
        int q = target.indexOf('?');
        int f = target.indexOf('#');
        if (q < 0 || f >= 0 && f < q) {
            return "";
        }
        String query = target.substring(q + 1, f > q ? f : target.length());
        return query.isEmpty() ? "" : "?" + query;
    }

    @Test
    void noEncodingRoutesAroundAGuard() {
        AtomicInteger guarded = new AtomicInteger();
        AtomicInteger cases = new AtomicInteger();
        qt().withExamples(EXAMPLES).withShrinkCycles(2000).forAll(integers().between(0, 1000), CODES)
                .checkAssert((start, codes) -> {
                    String t = target(start, codes);
                    cases.incrementAndGet();
                    for (Guard g : Guard.values()) {
                        String want = expected(g, t);
                        if (want.equals("loc-guard")) {
                            guarded.incrementAndGet();
                        }
                        // a redirect's query is escaped by Bytes.escapeQuery (covered elsewhere): compare its path
                        assertThat(withoutRedirectQuery(Outcome.of(g.table.route("lbl-guard", "example.com", t))))
                                .as("guard %s target %s", g.url, t).isEqualTo(withoutRedirectQuery(want));
                    }
                });
        System.out.printf(Locale.ROOT, "rule bypass: %d targets x 3 guards, %d routed to a guard%n", cases.get(),
                guarded.get());
        assertThat(cases.get()).as("QuickTheories drops a few duplicates").isGreaterThanOrEqualTo(EXAMPLES * 95 / 100);
        assertThat(guarded.get()).as("the generator reaches the guards").isGreaterThan(EXAMPLES / 5);
    }

    private static String withoutRedirectQuery(String outcome) {
        int q = outcome.indexOf('?');
        return outcome.startsWith("301 ") && q > 0 ? outcome.substring(0, q) : outcome;
    }

    @Test
    void theOracleReadsNginxsExamples() {
        assertThat(nginxPath("/a/./b//c/../d")).isEqualTo("/a/b/d");
        assertThat(nginxPath("/a%2F..%2Fb")).isEqualTo("/b");
        assertThat(nginxPath("/%2541")).isEqualTo("/%41");
        assertThat(nginxPath("/..")).isNull();
        assertThat(nginxPath("/a%zz")).isNull();
        assertThat(nginxPath("/a/.")).isEqualTo("/a/");
        assertThat(nginxPath("http://h/admin?x#y")).isEqualTo("/admin");
        assertThat(nginxPath("http://h?x")).isEqualTo("/");
        assertThat(expected(Guard.STOP_PREFIX, "/admin?a=1")).isEqualTo("301 /admin/?a=1");
        assertThat(expected(Guard.REGEX, "/%41dmin")).isEqualTo("loc-guard");
        assertThat(expected(Guard.EXACT, "/admin;x")).isEqualTo("loc-public");
    }
}
