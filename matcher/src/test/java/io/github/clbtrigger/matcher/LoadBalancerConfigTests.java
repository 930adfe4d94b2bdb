package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RegisterFunctionTargets semantics of {@link LoadBalancerConfig#withFunctionTargets}. */
class LoadBalancerConfigTests {
    private static final FunctionTarget LATEST = new FunctionTarget(new FunctionRef("default", "f", "$LATEST", "VERSION"), 80);
    private static final FunctionTarget V2 = new FunctionTarget(new FunctionRef("default", "f", "2", "VERSION"), 20);
    private static final FunctionTarget OTHER = new FunctionTarget(new FunctionRef("default", "g", "1", "VERSION"), 10);

    private static final LoadBalancerConfig BASE = new LoadBalancerConfig("lb-1", List.of(
            new ListenerConfig("lbl-http", Protocol.HTTP, 80, List.of(
                    new RuleConfig("loc-a", List.of("a.com"), "/a", true, List.of()),
                    new RuleConfig("loc-b", List.of("b.com", "c.com"), "/b", false, List.of(LATEST)))),
            new ListenerConfig("lbl-tcp", Protocol.TCP, 9000, List.of())));

    @Test
    void bindsByLocationIdOrDomainAndUrl() {
        LoadBalancerConfig byId = BASE.withFunctionTargets(
                new RegisterFunctionTargets("lb-1", "lbl-http", List.of(LATEST, V2), "loc-a", null, null));
        assertThat(byId.listeners().get(0).rules().get(0).targets()).containsExactly(LATEST, V2);
        assertThat(BASE.listeners().get(0).rules().get(0).targets()).isEmpty();
        LoadBalancerConfig byDomain = BASE.withFunctionTargets(
                new RegisterFunctionTargets("", "lbl-http", List.of(V2), "", "C.com", "/b"));
        assertThat(byDomain.listeners().get(0).rules().get(1).targets()).containsExactly(LATEST, V2);
        RouteTable t = RouteTable.compile(byDomain);
        assertThat(t.route("lbl-http", "c.com", "/b")).isInstanceOfSatisfying(RouteResult.Matched.class,
                m -> assertThat(m.rule().targets()).hasSize(2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            other load balancer   | lb-2 | lbl-http | loc-a | null  | null | f | InvalidParameter.LBIdNotFound
            unknown listener      | lb-1 | lbl-x    | loc-a | null  | null | f | InvalidParameter.ListenerIdNotFound
            layer-4 listener      | lb-1 | lbl-tcp  | loc-a | null  | null | f | InvalidParameter.ProtocolCheckFailed
            unknown location      | lb-1 | lbl-http | loc-z | null  | null | f | InvalidParameter.LocationNotFound
            unknown domain+url    | lb-1 | lbl-http |       | a.com | /z   | f | InvalidParameter.LocationNotFound
            no rule named         | lb-1 | lbl-http |       | a.com |      | f | MissingParameter
            no listener           | lb-1 |          | loc-a | null  | null | f | MissingParameter
            no targets            | lb-1 | lbl-http | loc-a | null  | null |   | MissingParameter
            already bound         | lb-1 | lbl-http | loc-b | null  | null | f | InvalidParameterValue.Duplicate
            second function       | lb-1 | lbl-http | loc-b | null  | null | g | LimitExceeded
            """)
    void refusals(String name, String lb, String listener, String location, String domain, String url, String fn,
                  String code) {
        List<FunctionTarget> targets = fn == null ? List.of() : List.of(fn.equals("g") ? OTHER : LATEST);
        RegisterFunctionTargets call = new RegisterFunctionTargets(lb, listener, targets, location, domain, url);
        assertThatThrownBy(() -> BASE.withFunctionTargets(call)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(code);
                    assertThat(p.where()).startsWith("RegisterFunctionTargets");
                }));
    }

    @Test
    void aListenerSectionReadsItsMemberOfEachListenerInTheSamePassWithTheListenersIndex() {
        List<String> seen = new java.util.ArrayList<>();
        ListenerSection reader = (parser, path, listener, problems) -> {
            if (parser.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                seen.add(listener + " " + path + " " + parser.getText());
            } else {
                problems.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, path, "expected a string"));
                parser.skipChildren();
            }
        };
        String json = """
                {"Response": {"Listeners": [
                  {"ListenerId": "a", "Protocol": "HTTP", "Port": 80},
                  {"Extra": "x", "ListenerId": "b", "Protocol": "HTTPS", "Port": 443, "Rules": []}]}}""";
        LoadBalancerConfig config = LoadBalancerConfig.parse(json, java.util.Map.of(),
                java.util.Map.of("Extra", reader));
        assertThat(seen).containsExactly("1 $.Response.Listeners[1].Extra x");
        assertThat(config.listeners().get(1).listenerId()).isEqualTo("b");

        assertThatThrownBy(() -> LoadBalancerConfig.parse("""
                {"Listeners": [{"ListenerId": "a", "Protocol": "HTTP", "Extra": {"deep": [1]}}]}""",
                java.util.Map.of(), java.util.Map.of("Extra", reader)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::code, ConfigProblem::where).containsExactlyInAnyOrder(
                                org.assertj.core.api.Assertions.tuple(ConfigProblem.FORMAT_ERROR,
                                        "$.Listeners[0].Extra"),
                                org.assertj.core.api.Assertions.tuple(ConfigProblem.MISSING_PARAMETER,
                                        "$.Listeners[0].Port")));
    }
}
