package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ClbConfig#parse(String, LoadBalancerConfig, ClbConfig, Path)}, for text a control plane already parsed:
 * what {@link ClbConfig#parse(String, Path)} gives for the same text, problems included, whatever came before.
 */
class ClbConfigParsedTests {
    private static final Path BASE = Path.of("/srv/app");

    private static String config(String url, String function, String functions) {
        return "{\"LoadBalancerId\":\"lb\",\"Listeners\":[{\"ListenerId\":\"lbl-a\",\"Protocol\":\"HTTP\",\"Port\":80,"
                + "\"Rules\":[{\"LocationId\":\"loc-1\",\"Domain\":\"example.com\",\"Url\":\"" + url + "\","
                + "\"FunctionTargets\":[{\"Function\":{\"FunctionNamespace\":\"default\",\"FunctionName\":\""
                + function + "\"},\"Weight\":100}]}]},{\"ListenerId\":\"lbl-b\",\"Protocol\":\"HTTP\",\"Port\":81,"
                + "\"Rules\":[{\"LocationId\":\"loc-2\",\"Domain\":\"b.example.com\",\"Url\":\"/b\"}]}],"
                + "\"Functions\":" + functions + "}";
    }

    private static final String HELLO = "[{\"FunctionName\":\"hello\",\"Handler\":\"a.B::c\"}]";
    private static final String BEFORE = config("/hello", "hello", HELLO);

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("a rule changed", config("/moved", "hello", HELLO)),
                Arguments.of("a function added", config("/hello", "hello",
                        "[{\"FunctionName\":\"hello\",\"Handler\":\"a.B::c\"},{\"FunctionName\":\"py\","
                                + "\"Url\":\"http://127.0.0.1:9/\"}]")),
                Arguments.of("an invalid URL", config("no-slash", "hello", HELLO)),
                Arguments.of("a Functions entry of the wrong shape", config("/hello", "hello",
                        "[{\"FunctionName\":\"hello\",\"Handler\":\"a.B::c\",\"Timeout\":\"abc\"}]")),
                Arguments.of("a Bootstrap that does not exist", config("/hello", "hello",
                        "[{\"FunctionName\":\"hello\",\"Type\":\"HTTP\",\"Bootstrap\":\"nope\",\"Port\":9001}]")),
                Arguments.of("no Functions member", BEFORE.replace(",\"Functions\":" + HELLO, "")));
    }

    /**
     * The top-level {@code Functions} member's value as a control plane hands it over: the same JSON value, formatted
     * otherwise (Jackson's compact form), or null when there is none.
     */
    private static String functionsMember(String json) throws Exception {
        var node = Json.MAPPER.readTree(json).get("Functions");
        return node == null ? null : Json.MAPPER.writeValueAsString(node);
    }

    /** The already-parsed path: the text scanned for its Functions member, or that member given. */
    private static ClbConfig parsed(String json, ClbConfig before, boolean given) throws Exception {
        return given ? ClbConfig.parse(json, LoadBalancerConfig.parse(json), functionsMember(json), before, BASE)
                : ClbConfig.parse(json, LoadBalancerConfig.parse(json), before, BASE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void givesWhatParsingTheTextGives(String name, String json) throws Exception {
        ClbConfig previous = ClbConfig.parse(BEFORE, BASE);
        ClbConfig previousGiven = parsed(BEFORE, previous, true);
        ConfigException expected = catchThrowableOfType(ConfigException.class, () -> ClbConfig.parse(json, BASE));
        for (Object[] run : new Object[][] {{previous, false}, {null, false}, {previous, true}, {null, true},
                {previousGiven, true}}) {
            ClbConfig before = (ClbConfig) run[0];
            boolean given = (Boolean) run[1];
            ConfigException got = catchThrowableOfType(ConfigException.class, () -> parsed(json, before, given));
            if (expected != null) {
                assertThat(got).isNotNull();
                assertThat(got.problems()).isEqualTo(expected.problems());
                continue;
            }
            assertThat(got).isNull();
            ClbConfig full = ClbConfig.parse(json, BASE);
            ClbConfig incremental = parsed(json, before, given);
            assertThat(incremental.routes().config()).isEqualTo(full.routes().config());
            assertThat(incremental.functions()).isEqualTo(full.functions());
            assertThat(incremental.builtFrom(json)).isTrue();
            assertThat(resolved(incremental)).isEqualTo(resolved(full));
        }
    }

    /** What {@link Functions#check} makes of it: the functions by key, or the problems. */
    private static Object resolved(ClbConfig config) {
        try {
            return config.resolve(Set.of()).keySet();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    @Test
    void anUnchangedFunctionsSectionAndListenerAreTakenOver() {
        ClbConfig first = ClbConfig.parse(BEFORE, LoadBalancerConfig.parse(BEFORE), null, BASE);
        String next = config("/moved", "hello", HELLO);
        ClbConfig second = ClbConfig.parse(next, LoadBalancerConfig.parse(next), first, BASE);
        assertThat(second.functions()).isSameAs(first.functions());
        assertThat(second.routes().route("lbl-b", "b.example.com", "/b"))
                .isEqualTo(first.routes().route("lbl-b", "b.example.com", "/b"));
        assertThat(FunctionsParser.section(next)).isEqualTo(HELLO);
        assertThat(FunctionsParser.section("{\"Response\":{\"Functions\":[]}}")).isNull();
    }

    @Test
    void aGivenFunctionsMemberEqualToTheLastIsTakenOverWithoutReadingTheText() throws Exception {
        ClbConfig first = parsed(BEFORE, null, true);
        String next = config("/moved", "hello", HELLO);
        ClbConfig second = ClbConfig.parse(next, LoadBalancerConfig.parse(next), functionsMember(BEFORE), first, BASE);
        assertThat(second.functions()).isSameAs(first.functions());
        assertThat(second.builtFrom(next)).isTrue();
    }
}
