package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation with CLB's error codes, each naming the listener, rule and field. */
class ConfigValidatorTests {
    private static final FunctionTarget F = new FunctionTarget(new FunctionRef("default", "f", "$LATEST", "VERSION"), 10);

    private static List<String> problems(LoadBalancerConfig c, boolean strict) {
        return ConfigValidator.validate(c, strict).stream().map(ConfigProblem::toString).toList();
    }

    private static LoadBalancerConfig oneRule(String domain, String url) {
        return Curated.listener(new RuleConfig("loc-1", List.of(domain), url, false, List.of()));
    }

    @ParameterizedTest(name = "domain [{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            www.example.com             | ok
            WWW.Example.com             | ok
            *.example.com               | ok
            www.example.*               | ok
            ~^www\\d+\\.example\\.com$  | ok
            a-b_c.d0                    | ok
            _a.example.com              | InvalidParameter.FormatError
            a.*.com                     | InvalidParameter.FormatError
            *.*.com                     | InvalidParameter.FormatError
            *example.com                | InvalidParameter.FormatError
            *                           | InvalidParameter.FormatError
            a..b                        | InvalidParameter.FormatError
            .example.com                | InvalidParameter.FormatError
            example.com.                | InvalidParameter.FormatError
            exa mple.com                | InvalidParameter.FormatError
            ~^www~x                     | InvalidParameter.FormatError
            ~                           | InvalidParameter.FormatError
            ~^(a)\\1$                   | InvalidParameter.FormatError
            ~(?=a)                      | InvalidParameter.FormatError
            ~^www{2}                    | InvalidParameter.FormatError
            `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa` | InvalidParameterValue.Length
            """)
    void domains(String domain, String code) {
        List<ConfigProblem> ps = ConfigValidator.validate(oneRule(domain.replace("\\\\", "\\"), "/"), false);
        if (code.equals("ok")) {
            assertThat(ps).isEmpty();
        } else {
            assertThat(ps).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(code);
                assertThat(p.where()).isEqualTo("$.Listeners[0].Rules[0].Domain [lbl-gen/loc-1]");
            });
        }
    }

    @ParameterizedTest(name = "url [{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /                    | ok
            /api/v1:x=y?z        | ok
            = /exact             | ok
            =/exact              | ok
            ^~ /static           | ok
            ~ ^/api/v[0-9]+$     | ok
            ~* .png$             | ok
            `~*.(gif|jpg)$`      | ok
            api                  | InvalidParameter.FormatError
            /a b                 | InvalidParameter.FormatError
            /a%20                | InvalidParameter.FormatError
            /a~                  | InvalidParameter.FormatError
            =                    | InvalidParameter.FormatError
            ~                    | InvalidParameter.FormatError
            ~ a~b                | InvalidParameter.FormatError
            ~ \\.png$            | InvalidParameter.FormatError
            ~ (                  | InvalidParameter.FormatError
            `/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa` | InvalidParameterValue.Length
            """)
    void urls(String url, String code) {
        List<ConfigProblem> ps = ConfigValidator.validate(oneRule("a.com", url.replace("\\\\", "\\")), false);
        if (code.equals("ok")) {
            assertThat(ps).isEmpty();
        } else {
            assertThat(ps).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(code);
                assertThat(p.where()).isEqualTo("$.Listeners[0].Rules[0].Url [lbl-gen/loc-1]");
            });
        }
    }

    @Test
    void duplicates() {
        LoadBalancerConfig c = Curated.listener(
                new RuleConfig("loc-1", List.of("a.com"), "/x", false, List.of()),
                new RuleConfig("loc-2", List.of("A.com"), "^~ /x", false, List.of()),
                new RuleConfig("loc-1", List.of("b.com", "b.com"), "= /x", false, List.of()),
                new RuleConfig("loc-4", List.of("a.com"), "= /x", false, List.of()));
        assertThat(problems(c, false)).containsExactly(
                "InvalidParameterValue.Duplicate: $.Listeners[0].Rules[1].Url [lbl-gen/loc-2]: domain 'a.com' with URL '^~ /x' is already rule 'loc-1'",
                "InvalidParameterValue.Duplicate: $.Listeners[0].Rules[2].LocationId [lbl-gen/loc-1]: LocationId 'loc-1' is also $.Listeners[0].Rules[0]",
                "InvalidParameterValue.Duplicate: $.Listeners[0].Rules[2].Domains[1] [lbl-gen/loc-1]: domain 'b.com' appears twice in the rule");
    }

    @Test
    void listenersAndPorts() {
        LoadBalancerConfig c = new LoadBalancerConfig("lb", List.of(
                new ListenerConfig("l1", Protocol.HTTP, 80, List.of()),
                new ListenerConfig("l1", Protocol.HTTPS, 80, List.of()),
                new ListenerConfig("l3", Protocol.UDP, 80, List.of()),
                new ListenerConfig("l4", Protocol.TCP, 0, List.of())));
        assertThat(problems(c, false)).containsExactly(
                "InvalidParameterValue.Duplicate: $.Listeners[1].ListenerId [l1]: ListenerId 'l1' is also $.Listeners[0]",
                "InvalidParameterValue.Duplicate: $.Listeners[1].Port [l1]: port 80 is already used by listener 'l1'",
                "InvalidParameter.FormatError: $.Listeners[3].Port [l4]: port 0 is outside 1-65535");
    }

    @Test
    void functionsOnLayer4ListenersFailTheProtocolCheck() {
        LoadBalancerConfig c = new LoadBalancerConfig("lb", List.of(new ListenerConfig("tcp", Protocol.TCP, 9000,
                List.of(new RuleConfig("loc-1", List.of("a.com"), "/", false, List.of(F))))));
        assertThat(problems(c, false)).containsExactly("InvalidParameter.ProtocolCheckFailed: "
                + "$.Listeners[0].Rules[0].FunctionTargets [tcp/loc-1]: listener 'tcp' is TCP; functions bind only to HTTP/HTTPS rules");
    }

    @Test
    void twoDefaultDomainsAreAnError() {
        LoadBalancerConfig ok = Curated.listener(Curated.rule("a1", "a.com", "/", true),
                Curated.rule("a2", "a.com", "/x", true), Curated.rule("b", "b.com", "/", false));
        assertThat(problems(ok, false)).isEmpty();
        LoadBalancerConfig bad = Curated.listener(Curated.rule("a", "a.com", "/", true),
                Curated.rule("b", "b.com", "/", true));
        assertThat(problems(bad, false)).containsExactly("InvalidParameterValue.Duplicate: "
                + "$.Listeners[0].Rules[1].DefaultServer [lbl-gen/b]: listener 'lbl-gen' already has default domain 'a.com'; only one default domain per listener");
        assertThatThrownBy(() -> RouteTable.compile(bad)).isInstanceOf(ConfigException.class);
    }

    @Test
    void targets() {
        FunctionRef v1 = new FunctionRef("default", "f", "1", "VERSION");
        FunctionRef other = new FunctionRef("default", "g", "1", "VERSION");
        LoadBalancerConfig c = Curated.listener(
                new RuleConfig("ok", List.of("a.com"), "/a", false, List.of(F, new FunctionTarget(v1, 90))),
                new RuleConfig("two", List.of("a.com"), "/b", false, List.of(F, new FunctionTarget(other, 1))),
                new RuleConfig("dup", List.of("a.com"), "/c", false, List.of(F, F)),
                new RuleConfig("bad", List.of("a.com"), "/d", false, List.of(new FunctionTarget(
                        new FunctionRef("default", "f", "x", "TAG"), 101))));
        assertThat(ConfigValidator.validate(c, false)).extracting(ConfigProblem::code, ConfigProblem::where).containsExactly(
                org.assertj.core.groups.Tuple.tuple("LimitExceeded", "$.Listeners[0].Rules[1].FunctionTargets[1].Function [lbl-gen/two]"),
                org.assertj.core.groups.Tuple.tuple("InvalidParameterValue.Duplicate", "$.Listeners[0].Rules[2].FunctionTargets[1].Function [lbl-gen/dup]"),
                org.assertj.core.groups.Tuple.tuple("InvalidParameter.FormatError", "$.Listeners[0].Rules[3].FunctionTargets[0].Weight [lbl-gen/bad]"),
                org.assertj.core.groups.Tuple.tuple("InvalidParameter.FormatError", "$.Listeners[0].Rules[3].FunctionTargets[0].Function.FunctionQualifierType [lbl-gen/bad]"));
    }

    @Test
    void quotasOnlyWhenStrict() {
        List<RuleConfig> rules = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            rules.add(Curated.rule("loc-" + i, "a.com", "/" + i, false));
        }
        List<ListenerConfig> listeners = new ArrayList<>();
        listeners.add(new ListenerConfig("l0", Protocol.HTTP, 1, rules));
        for (int i = 1; i < 51; i++) {
            listeners.add(new ListenerConfig("l" + i, Protocol.TCP, 1000 + i, List.of()));
        }
        LoadBalancerConfig c = new LoadBalancerConfig("lb", listeners);
        assertThat(problems(c, false)).isEmpty();
        assertThat(problems(c, true)).containsExactly(
                "LimitExceeded: $.Listeners: 51 listeners; CLB allows 50 per load balancer",
                "LimitExceeded: $.Listeners[0].Rules [l0]: 51 rules; CLB allows 50 per HTTP/HTTPS listener");
    }
}
