package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every documented example: issue 3, platform-facts §1 (CLB and Black-stone LB docs) and nginx's own. */
class RouteTableTests {
    private static final String L = "lbl-gen";

    private static RouteTable table(RuleConfig... rules) {
        return RouteTable.compile(Curated.listener(rules));
    }

    private static RuleConfig rule(String id, String domain, String url) {
        return Curated.rule(id, domain, url, false);
    }

    private static String route(RouteTable t, String host, String target) {
        return Outcome.of(t.route(L, host, target));
    }

    @Nested
    class IssueExample {
        private final RouteTable table = RouteTable.compile(LoadBalancerConfig.parse("""
                {"LoadBalancerId": "lb-local",
                 "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
                   "Rules": [{"LocationId": "loc-hello", "Domain": "example.com", "Url": "/hello", "DefaultServer": true,
                     "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello",
                                                       "FunctionQualifier": "$LATEST", "FunctionQualifierType": "VERSION"},
                                          "Weight": 100}]}]}]}
                """));

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource(delimiter = '|', textBlock = """
                example.com        | /hello            | loc-hello
                example.com        | /hello/world?a=1  | loc-hello
                example.com        | /hellox           | loc-hello
                EXAMPLE.com:8080   | /hello            | loc-hello
                example.com.       | /hello            | loc-hello
                other.org          | /hello            | loc-hello
                example.com        | /                 | 404
                example.com        | /Hello            | 404
                example.com        | /%68ello          | loc-hello
                example.com        | /x/../hello       | loc-hello
                example.com        | /../hello         | 400
                example.com        | /hello%00         | 400
                example.com        | /hello%g0         | 400
                """)
        void routes(String host, String target, String expected) {
            assertThat(Outcome.of(table.route("lbl-http", host, target))).isEqualTo(expected);
        }

        @Test
        void matchedCarriesListenerRuleDomainUriAndQuery() {
            RouteResult r = table.route("lbl-http", "Example.com:8080", "/hello/%C3%A9?q=%20x");
            assertThat(r).isInstanceOfSatisfying(RouteResult.Matched.class, m -> {
                assertThat(m.listener().listenerId()).isEqualTo("lbl-http");
                assertThat(m.rule().locationId()).isEqualTo("loc-hello");
                assertThat(m.domain()).isEqualTo("example.com");
                assertThat(m.uri()).isEqualTo("/hello/\u00e9");
                assertThat(m.query()).isEqualTo("q=%20x");
                assertThat(m.rule().targets()).singleElement()
                        .satisfies(t -> assertThat(t.function().name()).isEqualTo("hello"));
            });
        }

        @Test
        void listenerSelection() {
            assertThat(table.listenerFor(Protocol.HTTP, 8080)).map(ListenerConfig::listenerId).contains("lbl-http");
            assertThat(table.listenerFor(Protocol.HTTPS, 8080)).isEmpty();
            assertThat(table.onlyLayer7Listener()).map(ListenerConfig::listenerId).contains("lbl-http");
            assertThat(table.listener("nope")).isEmpty();
            assertThatThrownBy(() -> table.route("nope", "example.com", "/"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        }
    }

    @Nested
    class DomainTiers {
        private final RouteTable table = table(
                rule("regex", "~^www\\d+\\.example\\.com$", "/"),
                rule("suffix", "www.example.*", "/"),
                rule("prefix", "*.example.com", "/"),
                rule("longer-prefix", "*.a.example.com", "/"),
                rule("exact", "www1.example.com", "/"),
                rule("www-tail", "www.*", "/"),
                rule("default", "default.test", "/"));

        /** No rule is flagged, so the first rule's domain (the regex) is also the default server. */
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                www1.example.com       | exact
                WWW1.EXAMPLE.COM.      | exact
                www2.example.com       | prefix
                a.example.com          | prefix
                x.a.example.com        | longer-prefix
                y.x.a.example.com      | longer-prefix
                www.example.org        | suffix
                www.example.co.uk      | suffix
                www.other.org          | www-tail
                www.example            | www-tail
                default.test           | default
                example.com            | regex
                nothing.test           | regex
                """)
        void priority(String host, String expected) {
            assertThat(route(table, host, "/")).isEqualTo(expected);
        }

        @Test
        void regexDomainMatchesWhenNothingHigherDoes() {
            RouteTable t = table(rule("d", "default.test", "/"), rule("re", "~^www\\d+\\.example\\.com$", "/"),
                    rule("re2", "~example", "/"));
            assertThat(route(t, "www7.example.com", "/")).isEqualTo("re");
            assertThat(route(t, "my-example.org", "/")).isEqualTo("re2");
            assertThat(route(t, "www.example.com", "/")).isEqualTo("re2");
            assertThat(route(t, "unknown.org", "/")).isEqualTo("d");
        }

        @Test
        void wildcardNeverMatchesTheBareDomain() {
            RouteTable t = table(rule("d", "default.test", "/"), rule("w", "*.example.com", "/"));
            assertThat(route(t, "example.com", "/")).isEqualTo("d");
            assertThat(route(t, "a.b.c.example.com", "/")).isEqualTo("w");
        }
    }

    @Nested
    class DefaultServer {
        @Test
        void clbDocumentedExample() {
            // www.test1.com is the default; a request for www.example.com goes to it
            RouteTable t = RouteTable.compile(Curated.listener(
                    Curated.rule("t2", "www.test2.com", "/", false),
                    Curated.rule("t1", "www.test1.com", "/", true)));
            assertThat(route(t, "www.example.com", "/")).isEqualTo("t1");
            assertThat(route(t, "www.test2.com", "/")).isEqualTo("t2");
        }

        @Test
        void withoutAFlagTheFirstRulesDomainIsDefault() {
            RouteTable t = table(rule("first", "a.test", "/"), rule("second", "b.test", "/"));
            assertThat(route(t, "c.test", "/x")).isEqualTo("first");
            assertThat(route(t, null, "/x")).isEqualTo("first");
        }

        @Test
        void defaultServerUsesItsOwnUrlRules() {
            RouteTable t = table(rule("api", "a.test", "/api"), rule("b", "b.test", "/"));
            assertThat(route(t, "c.test", "/api/x")).isEqualTo("api");
            assertThat(route(t, "c.test", "/other")).isEqualTo("404");
        }
    }

    @Nested
    class UrlPriority {
        @ParameterizedTest(name = "nginx docs: {0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                /                         | A
                /index.html               | B
                /documents/document.html  | C
                /images/1.gif             | D
                /documents/1.jpg          | E
                """)
        void nginxLocationExample(String target, String expected) {
            RouteTable t = table(
                    rule("A", "example.com", "= /"),
                    rule("B", "example.com", "/"),
                    rule("C", "example.com", "/documents/"),
                    rule("D", "example.com", "^~ /images/"),
                    rule("E", "example.com", "~* .(gif|jpg|jpeg)$"));
            assertThat(route(t, "example.com", target)).isEqualTo(expected);
        }

        @Test
        void blackStoneLbExamples() {
            RouteTable eq = table(rule("eq", "t.com", "=/test1"), rule("stop", "t.com", "^~/test1"),
                    rule("re", "t.com", "~/test1"), rule("rei", "t.com", "~*/test1"));
            assertThat(route(eq, "t.com", "/test1")).isEqualTo("eq");
            assertThat(route(eq, "t.com", "/test1/x")).isEqualTo("stop");
            assertThat(route(eq, "t.com", "/TEST1")).isEqualTo("rei");
            RouteTable order = table(rule("r1", "t.com", "~/11_*"), rule("r2", "t.com", "~/*_1"));
            assertThat(route(order, "t.com", "/11_1")).isEqualTo("r1");
            RouteTable longest = table(rule("p1", "t.com", "/test1"), rule("p12", "t.com", "/test1/test2"),
                    rule("p3", "t.com", "/test3"));
            assertThat(route(longest, "t.com", "/test1")).isEqualTo("p1");
            assertThat(route(longest, "t.com", "/test1/test2/test3")).isEqualTo("p12");
        }

        @Test
        void clbExactBeatsPrefixThenLongestPrefixThenCatchAll() {
            RouteTable t = table(rule("exact", "t.com", "= /test1/image/index1.html"),
                    rule("image", "t.com", "/test1/image/"), rule("root", "t.com", "/"));
            assertThat(route(t, "t.com", "/test1/image/index1.html")).isEqualTo("exact");
            assertThat(route(t, "t.com", "/test1/image/index2.html")).isEqualTo("image");
            assertThat(route(t, "t.com", "/test2")).isEqualTo("root");
        }

        @Test
        void onlyTheLongestPrefixDecidesWhetherRegexesAreSkipped() {
            RouteTable t = table(rule("stop", "t.com", "^~ /a"), rule("plain", "t.com", "/ab"),
                    rule("re", "t.com", "~ b"));
            assertThat(route(t, "t.com", "/ab")).isEqualTo("re");
            assertThat(route(t, "t.com", "/a")).isEqualTo("stop");
            assertThat(route(t, "t.com", "/ax/b")).isEqualTo("stop");
        }

        @Test
        void plainPrefixIsAStringPrefixAndCaseSensitive() {
            RouteTable t = table(rule("api", "t.com", "/api"));
            assertThat(route(t, "t.com", "/apix")).isEqualTo("api");
            assertThat(route(t, "t.com", "/API")).isEqualTo("404");
        }
    }

    @Nested
    class TrailingSlash {
        private final RouteTable table = table(rule("abc", "t.com", "/abc/"), rule("def", "t.com", "/def"),
                rule("eq", "t.com", "= /exact/"), rule("re", "t.com", "~ abc"), rule("q", "t.com", "/q/"),
                rule("qq", "t.com", "= /q"));

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                /abc          | 301 /abc/
                /abc?x=1&y=2  | 301 /abc/?x=1&y=2
                /abc?         | 301 /abc/
                /ab%63        | 301 /abc/
                /abc/         | re
                /abc//        | re
                /def          | def
                /def/         | def
                /exact        | 301 /exact/
                /q            | qq
                /q/           | q
                """)
        void redirects(String target, String expected) {
            assertThat(route(table, "t.com", target)).isEqualTo(expected);
        }

        @Test
        void redirectEscapesBytesThatCannotGoInAHeader() {
            RouteTable t = table(rule("r", "t.com", "/"), rule("d", "t.com", "~ ."));
            assertThat(route(t, "t.com", "/x")).isEqualTo("d");
            RouteTable slash = table(rule("s", "t.com", "/a/"));
            assertThat(slash.route(L, "t.com", "/%61?q=\u00e9")).isEqualTo(new RouteResult.Redirect("/a/?q=%C3%A9"));
        }
    }

    @Nested
    class BadInput {
        private final RouteTable table = table(rule("root", "t.com", "/"));

        @ParameterizedTest(name = "host [{0}] -> 400")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                ""
                "a..b"
                "."
                "a/b"
                "a b"
                "\u0001x"
                """)
        void badHosts(String host) {
            assertThat(table.route(L, host, "/")).isInstanceOf(RouteResult.BadRequest.class);
        }

        @Test
        void hostileValuesNeverThrow() {
            List<String> hosts = List.of("x".repeat(9000), "[::1]:8080", "[::1", "]", ":", "\u0000", "\uFFFF.com",
                    "\uD800", "*.t.com", "~t");
            List<String> targets = List.of("", "/".repeat(9000), "%", "/%", "/%%", "\uD800", "http://", "http://[",
                    "http://[::1", "http://t.com:", "/\u0000", "?", "#", "/?#?#", "/..%2F..");
            for (String h : hosts) {
                for (String t : targets) {
                    assertThat(table.route(L, h, t)).isNotNull();
                    assertThat(table.explain(L, h, t).reason()).isNotBlank();
                }
            }
            assertThat(table.route(L, "t.com", null)).isInstanceOf(RouteResult.BadRequest.class);
            assertThat(table.route(L, "x".repeat(HostName.MAX_LENGTH + 1), "/"))
                    .isInstanceOf(RouteResult.BadRequest.class);
            assertThat(table.route(L, "[::1]:8080", "/")).isEqualTo(table.route(L, "t.com", "/"));
        }

        @Test
        void badRequestReasonsDoNotEchoTheInput() {
            RouteResult r = table.route(L, "t.com", "/secret%zz");
            assertThat(r).isInstanceOfSatisfying(RouteResult.BadRequest.class,
                    b -> assertThat(b.reason()).doesNotContain("secret"));
        }
    }

    @Nested
    class Explain {
        @Test
        void namesTierRuleAndCandidates() {
            RouteTable t = table(rule("api", "t.com", "/api"), rule("v", "t.com", "~ ^/api/v[0-9]"),
                    rule("w", "*.t.com", "/"));
            String reason = t.explain(L, "T.COM", "/api/v1").reason();
            assertThat(reason).contains("exact domain 't.com'", "regex rule v '~ ^/api/v[0-9]'",
                    "longest prefix api '/api'");
            assertThat(t.explain(L, "x.t.com", "/").reason()).contains("leading wildcard domain '*.t.com'");
            assertThat(t.explain(L, "other", "/api").reason()).contains("default server domain 't.com'");
            assertThat(t.explain(L, "t.com", "/api%zz").reason()).startsWith("400: ");
            assertThat(t.explain(L, "t.com", "/nope").reason()).contains("no rule matches (404)");
        }
    }
}
