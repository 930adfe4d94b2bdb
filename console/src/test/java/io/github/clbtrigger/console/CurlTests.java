package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CurlTests {

    /** What /bin/sh makes of a quoted word: printf prints its argument back exactly. */
    private static String throughTheShell(String quoted) throws Exception {
        Process sh = new ProcessBuilder("/bin/sh", "-c", "printf '%s' " + quoted).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void quotingSurvivesTheShellWhateverTheText() {
        qt().withExamples(60)
                .forAll(strings().betweenCodePoints(1, 0x7e).ofLengthBetween(0, 40))
                .checkAssert(word -> {
                    try {
                        assertThat(throughTheShell(Curl.quote(word))).isEqualTo(word);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void hostilePayloadsStayWords() throws Exception {
        for (String word : new String[] {"'; touch /tmp/pwned; '", "$(id)", "`id`", "a'b'c", "\\'", "\n#"}) {
            assertThat(throughTheShell(Curl.quote(word))).isEqualTo(word);
        }
    }

    @Test
    void aGetWithoutBodyIsPlain() {
        Curl curl = Curl.of(ExchangeRecord.builder().id("r").time(java.time.Instant.EPOCH).server("127.0.0.1", 9000)
                .host("a.example.com").method("GET").target("/x/../y").requestHeader("Host", "a.example.com")
                .requestHeader("Accept", "*/*").build());
        assertThat(curl.command())
                .isEqualTo("curl --path-as-is 'http://127.0.0.1:9000/x/../y' -H 'Host: a.example.com' -H 'Accept: */*'");
        assertThat(curl.complete()).isTrue();
    }
}
