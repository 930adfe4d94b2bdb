package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Generated rule sets, hosts and hostile request-targets, decoded from lists of integers so that QuickTheories can
 * shrink them and the nginx differential test can replay them from a seed. Every generated rule set is valid
 * (duplicates are dropped) and expressible in nginx.
 */
final class Generated {
    private Generated() {
    }

    static final List<String> DOMAINS = List.of(
            "a.example.com", "example.com", "*.example.com", "*.a.example.com", "www.example.*", "www.*",
            "~^r\\d+\\.x$", "~example", "www.example.com", "*.com", "~^www\\.", "b.example.com");

    static final List<String> URLS = List.of(
            "/", "/a", "/a/", "/ab", "/abc/", "/api", "/api/", "/api/v1", "= /a", "=/a/", "= /abc", "=/",
            "^~ /a", "^~/api/", "^~ /ab", "~ ^/a", "~ b$", "~* ^/API/V[0-9]+", "~ (a|b)/", "~* .png$",
            "~ ^/a/b$", "~ [A-Z]", "/A", "/a/b/", "~ ^/ab+", "~* ^/ab?c", "/v1/", "^~ /v1", "~ /v1/");

    /** Ordinary path pieces: three draws in four come from these. */
    static final List<String> PLAIN = List.of(
            "/a", "/ab", "/abc", "/abc/", "/api", "/api/", "/v1", "/v1/", "/A", "/b", "/a/b", ".png", "/API/V2",
            "/test1", "/", "a", "b", "/x.PNG");

    static final List<String> TOKENS = List.of(
            "/", "/", "/", "a", "b", "ab", "abc", "A", "api", "API", "v1", "V2", ".", "..", "/.", "/..", "//",
            "%2F", "%2f", "%2e", "%2E%2E", "%41", "%61", "%zz", "%00", "%", "%3F", "%23", "%25", "%2541", ";x",
            "\\", "\u00e9", "+", "png", ".png", "?", "?q=1", "?a=%2F&b", "#", "#frag", "/abc/", "/a/", "/api/",
            "/v1", "%20", "%0A");

    static final List<String> HOSTS = List.of(
            "a.example.com", "b.a.example.com", "example.com", "www.example.com", "www.example.co.uk",
            "www.example", "r1.x", "R22.X:8080", "x.example.com.", "[::1]:80", "a..b", "", "evil/host",
            "WWW.EXAMPLE.COM", "www.other.org", "b.example.com", ".example.com", "r1.x.", "host:port:x", "a\u00e9.com",
            "sub.www.example.com");

    /** A valid single-listener configuration from rule codes. */
    static LoadBalancerConfig ruleSet(List<Integer> codes) {
        List<RuleConfig> rules = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        boolean defaultSet = false;
        int n = 0;
        for (int code : codes) {
            int c = Math.abs(code);
            String domain = DOMAINS.get(c % DOMAINS.size());
            String url = URLS.get((c / DOMAINS.size()) % URLS.size());
            boolean flag = !defaultSet && (c / (DOMAINS.size() * URLS.size())) % 5 == 0;
            String key = DomainSpec.parse(domain).text() + " " + UrlSpec.parse(url).identity();
            if (!keys.add(key)) {
                continue;
            }
            if (flag) {
                defaultSet = true;
            }
            n++;
            rules.add(new RuleConfig("loc-" + n, List.of(domain), url, flag, List.of()));
        }
        if (defaultSet) {
            // every rule of the default domain is flagged, as DescribeListeners reports it
            String def = null;
            for (RuleConfig r : rules) {
                if (r.defaultServer()) {
                    def = r.domains().get(0);
                }
            }
            List<RuleConfig> flagged = new ArrayList<>();
            for (RuleConfig r : rules) {
                flagged.add(new RuleConfig(r.locationId(), r.domains(), r.url(), r.domains().get(0).equals(def),
                        r.targets()));
            }
            rules = flagged;
        }
        return new LoadBalancerConfig("lb-gen", List.of(new ListenerConfig("lbl-gen", Protocol.HTTP, 80, rules)));
    }

    /** A request-target from token codes: mostly origin-form, sometimes absolute-form or garbage. */
    static String target(int form, List<Integer> codes) {
        StringBuilder sb = new StringBuilder();
        int f = Math.abs(form) % 20;
        if (f == 0) {
            sb.append("http://").append(f % 2 == 0 ? "r1.x" : "A.Example.com");
        } else if (f == 1) {
            sb.append("HTTP://www.example.com:8080");
        } else if (f == 2) {
            sb.append("*");
        } else if (f == 3) {
            sb.append("x/");
        }
        sb.append('/');
        for (int c : codes) {
            int k = Math.abs(c);
            sb.append(k % 4 == 0 ? TOKENS.get((k / 4) % TOKENS.size()) : PLAIN.get((k / 4) % PLAIN.size()));
        }
        return sb.toString();
    }

    static String host(int code) {
        return HOSTS.get(Math.abs(code) % HOSTS.size());
    }
}
