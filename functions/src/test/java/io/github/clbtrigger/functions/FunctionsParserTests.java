package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Functions section: parsed into one record per kind, every problem reported with its CLB code and JSON path. */
class FunctionsParserTests {

    private static final Path BASE = Path.of("/srv/app");
    private static final RouteTable NO_RULES = RouteTable.compile(LoadBalancerConfig.parse(
            "{\"LoadBalancerId\": \"lb\", \"Listeners\": []}"));

    /** The entries of a whole configuration (read in the matcher's pass) or of a bare array; no file is checked. */
    private static List<FunctionSpec> parse(String json) {
        FunctionsParser parser = new FunctionsParser(BASE);
        List<ConfigProblem> problems = new ArrayList<>();
        if (json.stripLeading().startsWith("[")) {
            try {
                parser.read(Json.MAPPER.readTree(json), "$", problems);
            } catch (JsonProcessingException e) {
                throw new AssertionError(e);
            }
        } else {
            LoadBalancerConfig.parse(json, Map.of("Functions", parser));
        }
        assertThat(problems).isEmpty();
        return parser.entries().stream().map(FunctionsParser.Entry::spec).toList();
    }

    /** What a front end with no function registered in code finds wrong: empty when nothing is. */
    private static List<ConfigProblem> problems(String json) {
        try {
            Functions.check(ClbConfig.of(NO_RULES, json, BASE));
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    @Nested
    class TheIssueExample {
        @Test
        void parsesAllFourKindsWithDefaults() {
            List<FunctionSpec> specs = parse("""
                    {"LoadBalancerId": "lb-local", "Listeners": [],
                     "Functions": [
                     {"FunctionName": "hello", "Namespace": "default", "Type": "Event", "Handler": "example.Hello::mainHandler",
                      "Timeout": 3, "MemorySize": 128, "MaxConcurrency": 32,
                      "Environment": {"Variables": [{"Key": "STAGE", "Value": "local"}]}},
                     {"FunctionName": "py", "Type": "Event", "Url": "http://127.0.0.1:9000/invoke"},
                     {"FunctionName": "web", "Type": "HTTP", "Bootstrap": "functions/web/bootstrap", "Port": 8000},
                     {"FunctionName": "web2", "Type": "HTTP", "Url": "http://127.0.0.1:8001"}]}
                    """);
            assertThat(specs).hasSize(4);
            FunctionSpec hello = specs.get(0);
            assertThat(hello).isInstanceOfSatisfying(FunctionSpec.ScfHandler.class,
                    h -> assertThat(h.handler()).isEqualTo("example.Hello::mainHandler"));
            assertThat(hello.limits().maxConcurrency()).isEqualTo(32);
            assertThat(hello.environment()).isEqualTo(Map.of("STAGE", "local"));
            assertThat(hello.key()).isEqualTo(new FunctionKey("default", "hello", "$LATEST"));

            FunctionSpec py = specs.get(1);
            assertThat(py).isInstanceOfSatisfying(FunctionSpec.RemoteEvent.class,
                    r -> assertThat(r.url()).isEqualTo(URI.create("http://127.0.0.1:9000/invoke")));
            assertThat(py.limits()).isEqualTo(new FunctionSpec.Limits(3, 128, 128)).isEqualTo(FunctionSpec.Limits.DEFAULTS);

            assertThat(specs.get(2)).isInstanceOfSatisfying(FunctionSpec.HttpBootstrap.class, web -> {
                assertThat(web.bootstrap()).isEqualTo(Path.of("/srv/app/functions/web/bootstrap"));
                assertThat(web.port()).isEqualTo(8000);
            });

            assertThat(specs.get(3)).isInstanceOf(FunctionSpec.HttpUrl.class);
        }

        @Test
        void portDefaultsTo8000AndUnknownFieldsAreIgnored() {
            FunctionSpec web = parse("""
                    [{"FunctionName": "web", "Type": "HTTP", "Bootstrap": "/opt/bootstrap", "Runtime": "Java17",
                      "Description": "ignored", "Code": {"CosBucketName": "x"}}]""").get(0);
            assertThat(web).isEqualTo(new FunctionSpec.HttpBootstrap(FunctionKey.of(null, "web", null),
                    FunctionSpec.Limits.DEFAULTS, Map.of(), Path.of("/opt/bootstrap"), 8000));
        }

        @Test
        void aRegisteredFunctionNeedsNoHandler() {
            FunctionSpec spec = parse("""
                    [{"FunctionName": "registered", "Timeout": 10, "Qualifier": "v2"}]""").get(0);
            assertThat(spec).isEqualTo(new FunctionSpec.Registered(new FunctionKey("default", "registered", "v2"),
                    new FunctionSpec.Limits(10, 128, 128), Map.of()));
        }

        @Test
        void noFunctionsSectionIsNoFunctions() {
            assertThat(parse("{\"LoadBalancerId\": \"lb-1\"}")).isEmpty();
        }
    }

    static Stream<Arguments> invalid() {
        String format = ConfigProblem.FORMAT_ERROR;
        String missing = ConfigProblem.MISSING_PARAMETER;
        return Stream.of(
                Arguments.of("not JSON", "{", format, "$"),
                Arguments.of("Functions not an array", "{\"Functions\": {}}", format, "$.Functions"),
                Arguments.of("entry not an object", "[1]", format, "$[0]"),
                Arguments.of("no name", "[{\"Handler\": \"a.B::c\"}]", missing, "$[0].FunctionName"),
                Arguments.of("bad name", "[{\"FunctionName\": \"9lives\", \"Handler\": \"a.B::c\"}]", format,
                        "$[0].FunctionName"),
                Arguments.of("timeout as text", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"Timeout\": \"abc\"}]",
                        format, "$[0].Timeout"),
                Arguments.of("timeout too long", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"Timeout\": 901}]",
                        format, "$[0].Timeout"),
                Arguments.of("memory too small", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"MemorySize\": 1}]",
                        format, "$[0].MemorySize"),
                Arguments.of("concurrency zero", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"MaxConcurrency\": 0}]",
                        format, "$[0].MaxConcurrency"),
                Arguments.of("handler without ::", "[{\"FunctionName\": \"hello\", \"Handler\": \"index.main_handler\"}]",
                        format, "$[0].Handler"),
                Arguments.of("event without a way to run", "[{\"FunctionName\": \"hello\"}]", missing, "$[0].Handler"),
                Arguments.of("handler and url", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"Url\": \"http://x\"}]",
                        format, "$[0].Url"),
                Arguments.of("bootstrap on event", "[{\"FunctionName\": \"hello\", \"Bootstrap\": \"b\"}]", format,
                        "$[0].Bootstrap"),
                Arguments.of("http without bootstrap or url", "[{\"FunctionName\": \"web\", \"Type\": \"HTTP\"}]", missing,
                        "$[0].Bootstrap"),
                Arguments.of("http with handler", "[{\"FunctionName\": \"web\", \"Type\": \"HTTP\", \"Handler\": \"a.B::c\"}]",
                        format, "$[0].Handler"),
                Arguments.of("unknown type", "[{\"FunctionName\": \"web\", \"Type\": \"Cron\", \"Url\": \"http://x\"}]",
                        format, "$[0].Type"),
                Arguments.of("url not http", "[{\"FunctionName\": \"py\", \"Url\": \"ftp://x/y\"}]", format, "$[0].Url"),
                Arguments.of("port on event", "[{\"FunctionName\": \"py\", \"Url\": \"http://x\", \"Port\": 80}]",
                        format, "$[0].Port"),
                Arguments.of("port out of range", "[{\"FunctionName\": \"web\", \"Type\": \"HTTP\", \"Bootstrap\": \"b\", \"Port\": 70000}]",
                        format, "$[0].Port"),
                Arguments.of("environment key with =", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", "
                        + "\"Environment\": {\"Variables\": [{\"Key\": \"A=B\", \"Value\": \"x\"}]}}]",
                        format, "$[0].Environment.Variables[0].Key"),
                Arguments.of("duplicate", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\"},"
                        + "{\"FunctionName\": \"hello\", \"Handler\": \"a.B::d\"}]",
                        ConfigProblem.DUPLICATE, "$[1].FunctionName"),
                Arguments.of("a second Bootstrap on the same port", "[{\"FunctionName\": \"a\", \"Type\": \"HTTP\", "
                        + "\"Bootstrap\": \"/bin/sh\", \"Port\": 9100}, {\"FunctionName\": \"b\", \"Type\": \"HTTP\", "
                        + "\"Bootstrap\": \"/bin/sh\", \"Port\": 9100}]", ConfigProblem.DUPLICATE, "$[1].Port"),
                Arguments.of("a Bootstrap that is not there", "[{\"FunctionName\": \"web\", \"Type\": \"HTTP\", "
                        + "\"Bootstrap\": \"no/such/bootstrap\"}]", ConfigProblem.RESOURCE_NOT_FOUND, "$[0].Bootstrap"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void invalid(String name, String json, String code, String path) {
        assertThat(problems(json)).extracting(ConfigProblem::code, ConfigProblem::where)
                .containsExactly(tuple(code, path));
    }

    @Test
    void controlCharactersOfAValueAreNotEchoed() {
        assertThat(problems("[{\"FunctionName\": \"web\", \"Type\": \"x\\r\\ny\", \"Url\": \"http://x\"}]"))
                .singleElement().satisfies(p -> assertThat(p.what()).contains("\"x??y\"").doesNotContain("\r", "\n"));
    }

    @Test
    void everyProblemIsReportedAtOnceWithTheRulesOnesInOnePass() {
        Throwable thrown = catchThrowable(() -> ClbConfig.parse("""
                {"LoadBalancerId": "lb-local",
                 "Listeners": [{"ListenerId": "lbl-1", "Protocol": "HTTP", "Port": "8080", "Rules": []}],
                 "Functions": [{"FunctionName": "a", "Handler": "a.B::c", "Timeout": "abc", "MemorySize": 1},
                               {"FunctionName": "b", "Type": "Cron"}, 7]}""", BASE));
        assertThat(thrown).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .extracting(ConfigProblem::code, ConfigProblem::where)
                .containsExactlyInAnyOrder(tuple(ConfigProblem.FORMAT_ERROR, "$.Listeners[0].Port"),
                        tuple(ConfigProblem.MISSING_PARAMETER, "$.Listeners[0].Port"),
                        tuple(ConfigProblem.FORMAT_ERROR, "$.Functions[0].Timeout"),
                        tuple(ConfigProblem.FORMAT_ERROR, "$.Functions[0].MemorySize"),
                        tuple(ConfigProblem.FORMAT_ERROR, "$.Functions[1].Type"),
                        tuple(ConfigProblem.FORMAT_ERROR, "$.Functions[2]")));
    }

    @Test
    void theFunctionsSectionIsReadWithTheRulesBoundedParser() {
        String deep = "[".repeat(100) + "]".repeat(100);
        Throwable thrown = catchThrowable(() -> ClbConfig.parse("{\"LoadBalancerId\": \"lb\", \"Functions\": [{"
                + "\"FunctionName\": \"f\", \"Code\": " + deep + "}]}", BASE));
        assertThat(thrown).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .singleElement().satisfies(p -> assertThat(p.what()).contains("nesting depth")));
    }

    @Nested
    class WithTheFunctionsRegisteredInCode {
        private final RouteTable targeting = RouteTable.compile(LoadBalancerConfig.parse("""
                {"LoadBalancerId": "lb", "Listeners": [{"ListenerId": "lbl-1", "Protocol": "HTTP", "Port": 8080,
                 "Rules": [{"LocationId": "loc-1", "Domain": "a.test", "Url": "/a",
                            "FunctionTargets": [{"Function": {"FunctionName": "ghost"}}]}]}]}"""));

        @Test
        void aRuleNamingAnUndefinedFunctionIsResourceNotFoundAtItsTarget() {
            Throwable thrown = catchThrowable(() -> Functions.check(ClbConfig.of(targeting, "[]", BASE)));
            assertThat(thrown).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                    .extracting(ConfigProblem::code, ConfigProblem::where)
                    .containsExactly(tuple(ConfigProblem.RESOURCE_NOT_FOUND,
                            "$.Listeners[0].Rules[0].FunctionTargets[0].Function [lbl-1/loc-1]")));
        }

        @Test
        void aRegisteredFunctionsEntrySetsItsLimitsOnly() {
            ClbConfig config = ClbConfig.of(targeting, """
                    [{"FunctionName": "ghost", "Timeout": 9}, {"FunctionName": "other", "Url": "http://x/"}]""", BASE);
            assertThat(config.resolve(Set.of("ghost")).get(FunctionKey.of(null, "ghost", null)).spec())
                    .isEqualTo(new FunctionSpec.Registered(FunctionKey.of(null, "ghost", null),
                            new FunctionSpec.Limits(9, 128, 128), Map.of()));
            Throwable thrown = catchThrowable(() -> config.resolve(Set.of("ghost", "other")));
            assertThat(thrown).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                    .extracting(ConfigProblem::code, ConfigProblem::where)
                    .containsExactly(tuple(ConfigProblem.FORMAT_ERROR, "$[1].Url")));
        }
    }

    @Test
    void aSecondQualifierOfTheSameFunctionIsNotADuplicate() {
        List<FunctionSpec> specs = parse("""
                [{"FunctionName": "hello", "Handler": "a.B::c"},
                 {"FunctionName": "hello", "Qualifier": "v1", "Handler": "a.B::c"}]""");
        assertThat(specs).extracting(FunctionSpec::displayName)
                .containsExactly("default/hello:$LATEST", "default/hello:v1");
    }

    @Test
    void keysFillInScfDefaults() {
        assertThat(FunctionKey.of(null, "f", null)).isEqualTo(FunctionKey.of("default", "f", "$LATEST"));
        assertThat(FunctionKey.of("", "f", "$latest")).isEqualTo(FunctionKey.of("default", "f", "$LATEST"));
        assertThat(FunctionKey.of("ns", "f", "v1")).hasToString("ns/f:v1");
    }
}
