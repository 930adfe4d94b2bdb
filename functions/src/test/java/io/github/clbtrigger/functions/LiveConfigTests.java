package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A front end's configuration over time: loaded, applied, reloaded, counted; what is invalid changes nothing. */
class LiveConfigTests {

    private static final String CONFIG = """
            {"Listeners": [{"ListenerId": "lbl-1", "Protocol": "HTTP", "Port": 8080, "Rules": [
              {"LocationId": "loc-a", "Domain": "a.test", "Url": "%s",
               "FunctionTargets": [{"Function": {"FunctionName": "echo"}}]}]}],
             "Functions": [{"FunctionName": "echo", "Timeout": %d}]}""";
    private static final Function<ClbConfig, List<ConfigProblem>> NO_CHECK = c -> List.of();
    private static final System.Logger LOG = System.getLogger(LiveConfigTests.class.getName());

    @TempDir
    Path dir;

    private final Functions functions = Functions.builder()
            .function("echo", (event, context) -> "{\"statusCode\": 200}").build();

    @AfterEach
    void close() {
        functions.close();
    }

    private static String config(String url, int timeout) {
        return CONFIG.formatted(url, timeout);
    }

    private String servedUrl() {
        return functions.current().routes().config().listeners().get(0).rules().get(0).url();
    }

    @Nested
    class FromAFile {
        @Test
        void aChangedValidFileIsServedAnUnchangedOneLeftAloneAndAnInvalidOneRefused() throws IOException {
            Path file = Files.writeString(dir.resolve("clb.json"), config("/a", 3));
            LiveConfig live = LiveConfig.load(functions, file, NO_CHECK, LOG);
            assertThat(live.file()).contains(file.toAbsolutePath().normalize());
            assertThat(servedUrl()).isEqualTo("/a");

            assertThat(live.reload()).as("the same text").isFalse();
            Files.writeString(file, config("/b", 3));
            assertThat(live.reload()).isTrue();
            assertThat(servedUrl()).isEqualTo("/b");

            Files.writeString(file, config("/c", 901));
            assertThat(live.reload()).as("Timeout over 900").isFalse();
            Files.delete(file);
            assertThat(live.reload()).as("gone").isFalse();
            assertThat(servedUrl()).isEqualTo("/b");
            assertThat(List.of(live.applied(), live.refused())).containsExactly(1L, 2L);
        }

        @Test
        void anInvalidFirstFileIsEveryProblemWithCodeAndPath() throws IOException {
            Path file = Files.writeString(dir.resolve("clb.json"), config("no-slash", 0));
            assertThatThrownBy(() -> LiveConfig.load(functions, file, NO_CHECK, LOG))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                            .extracting(ConfigProblem::code, ConfigProblem::where)
                            .contains(tuple(ConfigProblem.FORMAT_ERROR, "$.Functions[0].Timeout")));
            assertThatThrownBy(() -> LiveConfig.load(functions, dir.resolve("missing.json"), NO_CHECK, LOG))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
        }

        @Test
        void aFileOverTheLimitIsNotRead() throws IOException {
            Path file = dir.resolve("huge.json");
            Files.write(file, new byte[LiveConfig.MAX_CONFIG_BYTES + 1]);
            assertThatThrownBy(() -> LiveConfig.read(file)).isInstanceOf(IOException.class)
                    .hasMessageContaining("larger than " + LiveConfig.MAX_CONFIG_BYTES);
            Files.write(file, new byte[LiveConfig.MAX_CONFIG_BYTES]);
            assertThat(LiveConfig.read(file)).hasSize(LiveConfig.MAX_CONFIG_BYTES);
        }
    }

    @Nested
    class FromText {
        @Test
        void appliedTextIsServedAndInvalidTextRefusedAndCounted() {
            LiveConfig live = LiveConfig.of(functions, null, config("/a", 3), NO_CHECK, LOG);
            assertThat(live.file()).isEmpty();
            live.apply(config("/b", 3));
            assertThat(servedUrl()).isEqualTo("/b");
            assertThatThrownBy(() -> live.apply(config("/c", 0))).isInstanceOf(ConfigException.class);
            assertThat(servedUrl()).isEqualTo("/b");
            assertThat(List.of(live.applied(), live.refused())).containsExactly(1L, 1L);
            assertThatThrownBy(live::reload).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void theFrontEndsOwnCheckRefusesAConfigurationWithItsProblems() {
            ConfigProblem unmapped = new ConfigProblem(ConfigProblem.LISTENER_NOT_FOUND, "$.Listeners", "no lbl-2");
            LiveConfig live = LiveConfig.of(functions, null, config("/a", 3),
                    c -> c.routes().config().listeners().get(0).rules().get(0).url().equals("/b")
                            ? List.of(unmapped) : List.of(), LOG);
            assertThatThrownBy(() -> live.apply(config("/b", 3))).isInstanceOfSatisfying(ConfigException.class,
                    e -> assertThat(e.problems()).containsExactly(unmapped));
            assertThat(servedUrl()).isEqualTo("/a");
        }
    }
}
