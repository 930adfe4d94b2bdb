package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written rule sets and requests for the nginx differential test and the golden vectors: nginx's documented
 * location example, the Black-stone LB priority examples, the CLB trailing-slash example, and every normalization
 * and Host edge case probed while writing the normalizer.
 */
final class Curated {
    private Curated() {
    }

    record Set(String name, LoadBalancerConfig config, List<String[]> requests) {
    }

    static RuleConfig rule(String id, String domain, String url, boolean def) {
        return new RuleConfig(id, List.of(domain), url, def, List.of());
    }

    static LoadBalancerConfig listener(RuleConfig... rules) {
        return new LoadBalancerConfig("lb-curated",
                List.of(new ListenerConfig("lbl-gen", Protocol.HTTP, 80, List.of(rules))));
    }

    static List<String[]> onHost(String host, String... targets) {
        List<String[]> out = new ArrayList<>();
        for (String t : targets) {
            out.add(new String[] {host, t});
        }
        return out;
    }

    static List<Set> all() {
        List<Set> sets = new ArrayList<>();
        // nginx docs, ngx_http_core_module "location": A..E (E's "\.": backslash is outside CLB's regex charset)
        sets.add(new Set("nginx location example", listener(
                rule("A", "example.com", "= /", true),
                rule("B", "example.com", "/", false),
                rule("C", "example.com", "/documents/", false),
                rule("D", "example.com", "^~ /images/", false),
                rule("E", "example.com", "~* .(gif|jpg|jpeg)$", false)),
                onHost("example.com", "/", "/index.html", "/documents/document.html", "/images/1.gif",
                        "/documents/1.jpg", "/documents", "/images", "/DOCUMENTS/1.JPG", "/images/../x.gif")));
        sets.add(new Set("BM-LB: = beats ^~ and regexes", listener(
                rule("eq", "t.com", "=/test1", true),
                rule("stop", "t.com", "^~/test1", false),
                rule("re", "t.com", "~/test1", false),
                rule("rei", "t.com", "~*/test1", false)),
                onHost("t.com", "/test1", "/test1/x", "/TEST1", "/test", "/x/test1")));
        sets.add(new Set("BM-LB: first regex in configuration order", listener(
                rule("r1", "t.com", "~/11_*", true),
                rule("r2", "t.com", "~/*_1", false)),
                onHost("t.com", "/11_1", "/x_1", "/11", "/2")));
        sets.add(new Set("BM-LB: longest prefix", listener(
                rule("p1", "t.com", "/test1", true),
                rule("p12", "t.com", "/test1/test2", false),
                rule("p3", "t.com", "/test3", false)),
                onHost("t.com", "/test1", "/test1/test2/test3", "/test1x", "/test3/a", "/test", "/")));
        sets.add(new Set("CLB: trailing slash", listener(
                rule("abc", "www.test.com", "/abc/", true),
                rule("def", "www.test.com", "/def", false),
                rule("eqslash", "www.test.com", "= /exact/", false),
                rule("eqp", "www.test.com", "= /p", false),
                rule("p", "www.test.com", "/p/", false),
                rule("q", "www.test.com", "/q/", false),
                rule("qq", "www.test.com", "/q", false),
                rule("reabc", "www.test.com", "~ abc", false),
                rule("root", "www.test.com", "/", false)),
                onHost("www.test.com", "/abc", "/abc?x=1&y", "/abc?", "/abc/", "/ab%63", "/abc//", "/abc/./",
                        "/def", "/def/", "/exact", "/exact/", "/p", "/p/", "/q", "/q/", "/x/..//abc", "/abc#f")));
        List<String[]> norm = onHost("a.example.com", "/%2e%2e/a", "/a/%2e%2e/b", "/a%2F%2Fb/..", "/a%2fb",
                "/a%3Fb?c#d", "/a#b?c", "/a?b#c", "/a%25%32%46", "/a%00", "/a%zz", "/a%2", "/a/..", "/..",
                "/a/./b/.", "/a\\..\\b", "/a;x=1/b", "/%C3%A9", "/\u00e9", "/a\u0001", "/a\u007f", "*",
                "http://R1.X/path", "http://r1.x", "http://r1.x?q", "ftp://r1.x/abc", "example.com:80",
                "http://r1.x:8080/a", "http://[::1]:80/a", "http://a_b.x/a", "/a/b/../../..", "/./", "/.%2e/",
                "//..", "/a/.", "/a/..?x", "/a%2e", "/.", "/a/...", "/a/.hidden", "/a/..x", "/a/b%2F..%2F..",
                "http://x.y/../a", "HTTP://R1.X/a", "http://u@r1.x/a", "http://r1.x:ab/a", "http://r1.x:8080",
                "http://r1.x/a%2F..", "/a?", "/a?#", "/a%3f?b", "/a%23b", "//a//b//", "/a b", "/a%20b", "/a%0Ab",
                "/a+b", "/%7e", "/a?x=%zz", "/a?x/../b", "/a/%2e", "/a/.%2E/b", "/a%2F", "http:/a", "http:",
                "/a/b/%2e%2e", "/%2F%2F..");
        for (String h : List.of("X.Example.COM.", "w.x.example.com:80", "example.com", ".example.com",
                "www.example.co.uk", "www.example", "www.example.", "[::1]:8080", "a..b", "r1.x.", "R1.X:9", "",
                "a/b", "www.example.com.", "[::1]", "[::1", "a.example.com:", "a.example.com:x:y", "..", ".", "a.",
                "_a.example.com", "A\\B", " a.example.com ", "\u00e9.example.com")) {
            norm.add(new String[] {h, "/"});
        }
        // absolute-form: the URL's host wins, but an invalid Host header is still refused
        norm.add(new String[] {"a..b", "http://r1.x/"});
        norm.add(new String[] {"www.example.com", "http://r1.x/a"});
        norm.add(new String[] {"", "http://r1.x/a"});
        norm.add(new String[] {null, "/a"});
        norm.add(new String[] {null, "http://r1.x/a"});
        sets.add(new Set("normalization and Host", listener(
                rule("exact-a", "a.example.com", "/", true),
                rule("a-path", "a.example.com", "/a", false),
                rule("a-dir", "a.example.com", "/a/", false),
                rule("wild-head", "*.example.com", "/", false),
                rule("wild-tail", "www.example.*", "/", false),
                rule("regex-host", "~^r\\d+\\.x$", "/", false),
                rule("regex-url", "a.example.com", "~ ^/a/b$", false)), norm));
        // nginx compiles a server_name regex case-insensitively when it holds a capital letter (the Host is
        // lower-cased before the search, so ~^WWW\.x\.com$ would otherwise never match); \D is such a capital too
        List<String[]> caps = new ArrayList<>();
        caps.addAll(onHost("www.x.com", "/"));
        caps.addAll(onHost("WWW.X.COM", "/"));
        caps.addAll(onHost("lower.x", "/"));
        caps.addAll(onHost("n1.y", "/"));
        caps.addAll(onHost("ab.y", "/"));
        sets.add(new Set("regex server_name with capitals", listener(
                rule("default", "def.org", "/", true),
                rule("caps", "~^WWW\\.x\\.com$", "/", false),
                rule("lower", "~^lower\\.x$", "/", false),
                rule("non-digit", "~^\\D+\\.y$", "/", false)), caps));
        return sets;
    }
}
