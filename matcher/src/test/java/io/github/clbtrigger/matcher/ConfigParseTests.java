package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding configuration JSON: the DescribeListeners shape, defaults, unknown fields, and shape errors with paths. */
class ConfigParseTests {
    @Test
    void decodesTheDescribeListenersShapeAndIgnoresUnknownFields() throws Exception {
        String json = """
                {"Response": {"TotalCount": 2, "RequestId": "r-1", "LoadBalancerId": "lb-1",
                  "Listeners": [
                    {"ListenerId": "lbl-1", "Protocol": "https", "Port": 443, "Certificate": {"SSLMode": "UNIDIRECTIONAL"},
                     "Rules": [{"LocationId": "loc-1", "Domain": "a.com", "Domains": ["a.com", "b.com"], "Url": "/x",
                                "DefaultServer": true, "HealthCheck": {"HealthSwitch": 1},
                                "FunctionTargets": [{"Function": {"FunctionName": "f"}},
                                                    {"Function": {"FunctionNamespace": "ns", "FunctionName": "f",
                                                                  "FunctionQualifier": "prod",
                                                                  "FunctionQualifierType": "ALIAS"}, "Weight": 30}]},
                               {"LocationId": "loc-2", "Domain": "c.com", "Url": "/", "DefaultServer": null,
                                "FunctionTargets": null}]},
                    {"ListenerId": "lbl-2", "Protocol": "TCP", "Port": 9000}]},
                 "Functions": [{"FunctionName": "f", "Handler": "index.main"}]}
                """;
        LoadBalancerConfig c = LoadBalancerConfig.parse(json);
        LoadBalancerConfig fromStream = LoadBalancerConfig.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(fromStream).isEqualTo(c);
        assertThat(c.loadBalancerId()).isEqualTo("lb-1");
        assertThat(c.listeners()).extracting(ListenerConfig::protocol).containsExactly(Protocol.HTTPS, Protocol.TCP);
        RuleConfig r = c.listeners().get(0).rules().get(0);
        assertThat(r.domains()).containsExactly("a.com", "b.com");
        assertThat(r.defaultServer()).isTrue();
        assertThat(r.targets()).containsExactly(
                new FunctionTarget(new FunctionRef("default", "f", "$LATEST", "VERSION"), 10),
                new FunctionTarget(new FunctionRef("ns", "f", "prod", "ALIAS"), 30));
        RuleConfig r2 = c.listeners().get(0).rules().get(1);
        assertThat(r2.domains()).containsExactly("c.com");
        assertThat(r2.defaultServer()).isFalse();
        assertThat(r2.targets()).isEmpty();
        assertThat(c.listeners().get(1).rules()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"Listeners": [{"ListenerId": "l", "Protocol": "HTTP", "Port": "80"}]}`                 | InvalidParameter.FormatError: $.Listeners[0].Port: expected an integer, found a string
            `{"Listeners": [{"ListenerId": "l", "Protocol": "SCTP", "Port": 80}]}`                   | InvalidParameter.FormatError: $.Listeners[0].Protocol: unknown protocol 'SCTP'; expected HTTP, HTTPS, TCP, UDP, TCP_SSL or QUIC
            `{"Listeners": [{"Protocol": "HTTP", "Port": 80}]}`                                      | MissingParameter: $.Listeners[0].ListenerId: required field is missing
            `{"Listeners": [{"ListenerId": "l", "Port": 80}]}`                                       | MissingParameter: $.Listeners[0].Protocol: required field is missing
            `{"Listeners": [{"ListenerId": "l", "Protocol": "HTTP", "Port": 80, "Rules": [{"LocationId": "x", "Url": "/"}]}]}` | MissingParameter: $.Listeners[0].Rules[0].Domain: a layer-7 rule needs Domain or Domains
            `{"Listeners": [{"ListenerId": "l", "Protocol": "HTTP", "Port": 80, "Rules": [{"LocationId": "x", "Domain": "a", "Url": "/", "FunctionTargets": [{"Weight": 1}]}]}]}` | MissingParameter: $.Listeners[0].Rules[0].FunctionTargets[0].Function: required field is missing
            `{"Listeners": [{"ListenerId": "l", "Protocol": "HTTP", "Port": 80, "Rules": [{"LocationId": "x", "Domain": "a", "Url": "/", "FunctionTargets": [{"Function": {}}]}]}]}` | MissingParameter: $.Listeners[0].Rules[0].FunctionTargets[0].Function.FunctionName: required field is missing
            `{"Listeners": {}}`                                                                      | InvalidParameter.FormatError: $.Listeners: expected an array, found an object
            `{"Listeners": [{"ListenerId": "l", "Protocol": "HTTP", "Port": 80, "Rules": [{"LocationId": "x", "Domain": "a", "Url": "/", "DefaultServer": "yes"}]}]}` | InvalidParameter.FormatError: $.Listeners[0].Rules[0].DefaultServer: expected a boolean, found a string
            `[1]`                                                                                    | InvalidParameter.FormatError: $: the configuration must be a JSON object
            """)
    void shapeErrorsNameTheJsonPath(String json, String problem) {
        assertThatThrownBy(() -> LoadBalancerConfig.parse(json)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).extracting(ConfigProblem::toString).contains(problem));
    }

    @Test
    void malformedJsonIsAFormatErrorWithAPosition() {
        assertThatThrownBy(() -> LoadBalancerConfig.parse("{\"Listeners\": [}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.code()).isEqualTo(ConfigProblem.FORMAT_ERROR);
                        assertThat(p.where()).startsWith("line 1, column ");
                        assertThat(p.what()).startsWith("malformed JSON")
                                .as("the array's start, without Jackson's placeholder for the source")
                                .endsWith("(for Array starting at [line: 1, column: 15])");
                    });
                });
    }

    @Test
    void everyShapeProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> LoadBalancerConfig.parse(
                "{\"Listeners\": [{\"Port\": 1.5}, {\"ListenerId\": 3, \"Protocol\": \"HTTP\", \"Port\": 80}]}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(4)
                        .extracting(ConfigProblem::where)
                        .contains("$.Listeners[0].Port", "$.Listeners[0].ListenerId", "$.Listeners[1].ListenerId"));
    }

    @Test
    void deeplyNestedJsonIsRefusedByTheReadLimits() {
        String deep = "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> LoadBalancerConfig.parse(deep)).isInstanceOf(ConfigException.class);
    }

    @Test
    void problemsPrintAsCodeWhereWhat() {
        ConfigProblem p = new ConfigProblem("LimitExceeded", "$.Listeners", "51 listeners");
        assertThat(p).hasToString("LimitExceeded: $.Listeners: 51 listeners");
        assertThat(new ConfigException(List.of(p, p))).hasMessage(p + "\n" + p);
    }
}
