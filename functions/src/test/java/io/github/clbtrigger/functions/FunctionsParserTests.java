package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FunctionsParserTests {

    private static final Path BASE = Path.of("/srv/app");

    private static List<FunctionSpec> parse(String json) {
        return FunctionsParser.parse(json, BASE, Set.of("registered"));
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
            assertThat(hello.kind()).isEqualTo(FunctionSpec.Kind.IN_PROCESS);
            assertThat(hello.handler()).isEqualTo("example.Hello::mainHandler");
            assertThat(hello.maxConcurrency()).isEqualTo(32);
            assertThat(hello.environment()).isEqualTo(Map.of("STAGE", "local"));
            assertThat(hello.key()).isEqualTo(new FunctionKey("default", "hello", "$LATEST"));

            FunctionSpec py = specs.get(1);
            assertThat(py.kind()).isEqualTo(FunctionSpec.Kind.REMOTE_EVENT);
            assertThat(py.url()).isEqualTo(URI.create("http://127.0.0.1:9000/invoke"));
            assertThat(py.timeoutSeconds()).isEqualTo(3);
            assertThat(py.memoryMb()).isEqualTo(128);
            assertThat(py.maxConcurrency()).isEqualTo(FunctionSpec.DEFAULT_MAX_CONCURRENCY);

            FunctionSpec web = specs.get(2);
            assertThat(web.kind()).isEqualTo(FunctionSpec.Kind.HTTP_BOOTSTRAP);
            assertThat(web.bootstrap()).isEqualTo(Path.of("/srv/app/functions/web/bootstrap"));
            assertThat(web.port()).isEqualTo(8000);

            assertThat(specs.get(3).kind()).isEqualTo(FunctionSpec.Kind.HTTP_URL);
        }

        @Test
        void portDefaultsTo8000AndUnknownFieldsAreIgnored() {
            FunctionSpec web = parse("""
                    [{"FunctionName": "web", "Type": "HTTP", "Bootstrap": "/opt/bootstrap", "Runtime": "Java17",
                      "Description": "ignored", "Code": {"CosBucketName": "x"}}]""").get(0);
            assertThat(web.port()).isEqualTo(8000);
            assertThat(web.bootstrap()).isEqualTo(Path.of("/opt/bootstrap"));
        }

        @Test
        void aRegisteredFunctionNeedsNoHandler() {
            FunctionSpec spec = parse("""
                    [{"FunctionName": "registered", "Timeout": 10, "Qualifier": "v2"}]""").get(0);
            assertThat(spec.kind()).isEqualTo(FunctionSpec.Kind.IN_PROCESS);
            assertThat(spec.handler()).isNull();
            assertThat(spec.key()).isEqualTo(new FunctionKey("default", "registered", "v2"));
        }

        @Test
        void noFunctionsSectionIsNoFunctions() {
            assertThat(parse("{\"LoadBalancerId\": \"lb-1\"}")).isEmpty();
        }
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("not JSON", "{", "Functions: not valid JSON"),
                Arguments.of("Functions not an array", "{\"Functions\": {}}", "Functions: expected an array, got object"),
                Arguments.of("entry not an object", "[1]", "Functions[0]: expected an object, got number"),
                Arguments.of("no name", "[{\"Handler\": \"a.B::c\"}]", "Functions[0]: FunctionName: required"),
                Arguments.of("bad name", "[{\"FunctionName\": \"9lives\", \"Handler\": \"a.B::c\"}]",
                        "Functions[0] \"9lives\": FunctionName: 1-60 letters"),
                Arguments.of("timeout as text", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"Timeout\": \"abc\"}]",
                        "Functions[0] \"hello\": Timeout: expected an integer from 1 to 900, got \"abc\""),
                Arguments.of("timeout too long", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"Timeout\": 901}]",
                        "Functions[0] \"hello\": Timeout: expected an integer from 1 to 900, got 901"),
                Arguments.of("memory too small", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"MemorySize\": 1}]",
                        "Functions[0] \"hello\": MemorySize: expected an integer from 64 to 65536"),
                Arguments.of("concurrency zero", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"MaxConcurrency\": 0}]",
                        "Functions[0] \"hello\": MaxConcurrency: expected an integer from 1 to 100000"),
                Arguments.of("handler without ::", "[{\"FunctionName\": \"hello\", \"Handler\": \"index.main_handler\"}]",
                        "Functions[0] \"hello\": Handler: invalid value \"index.main_handler\""),
                Arguments.of("event without a way to run", "[{\"FunctionName\": \"hello\"}]",
                        "Functions[0] \"hello\": Handler: required for an Event function"),
                Arguments.of("handler and url", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", \"Url\": \"http://x\"}]",
                        "Functions[0] \"hello\": Handler, Url: give one, not both"),
                Arguments.of("bootstrap on event", "[{\"FunctionName\": \"hello\", \"Bootstrap\": \"b\"}]",
                        "Functions[0] \"hello\": Bootstrap: only for Type \"HTTP\" functions"),
                Arguments.of("http without bootstrap or url", "[{\"FunctionName\": \"web\", \"Type\": \"HTTP\"}]",
                        "Functions[0] \"web\": Bootstrap, Url: an HTTP function needs exactly one of them"),
                Arguments.of("http with handler", "[{\"FunctionName\": \"web\", \"Type\": \"HTTP\", \"Handler\": \"a.B::c\"}]",
                        "Functions[0] \"web\": Handler: not for Type \"HTTP\" functions"),
                Arguments.of("unknown type", "[{\"FunctionName\": \"web\", \"Type\": \"Cron\", \"Url\": \"http://x\"}]",
                        "Functions[0] \"web\": Type: expected \"Event\" or \"HTTP\", got \"Cron\""),
                Arguments.of("url not http", "[{\"FunctionName\": \"py\", \"Url\": \"ftp://x/y\"}]",
                        "Functions[0] \"py\": Url: expected an absolute http:// or https:// URL, got \"ftp://x/y\""),
                Arguments.of("port on event", "[{\"FunctionName\": \"py\", \"Url\": \"http://x\", \"Port\": 80}]",
                        "Functions[0] \"py\": Port: only for HTTP functions with a Bootstrap"),
                Arguments.of("port out of range", "[{\"FunctionName\": \"web\", \"Type\": \"HTTP\", \"Bootstrap\": \"b\", \"Port\": 70000}]",
                        "Functions[0] \"web\": Port: expected an integer from 1 to 65535, got 70000"),
                Arguments.of("environment key with =", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\", "
                        + "\"Environment\": {\"Variables\": [{\"Key\": \"A=B\", \"Value\": \"x\"}]}}]",
                        "Functions[0] \"hello\": Environment.Variables[0].Key: expected a non-empty string without '='"),
                Arguments.of("duplicate", "[{\"FunctionName\": \"hello\", \"Handler\": \"a.B::c\"},"
                        + "{\"FunctionName\": \"hello\", \"Handler\": \"a.B::d\"}]",
                        "Functions[1] \"hello\": FunctionName: duplicate function default/hello:$LATEST"),
                Arguments.of("control characters are not echoed", "[{\"FunctionName\": \"web\", \"Type\": \"x\\r\\ny\", \"Url\": \"http://x\"}]",
                        "Type: expected \"Event\" or \"HTTP\", got \"x??y\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void invalid(String name, String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
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
