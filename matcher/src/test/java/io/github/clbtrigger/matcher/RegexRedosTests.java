package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regex rules run in linear time (RE2/J). Patterns that backtrack catastrophically in {@code java.util.regex} or
 * PCRE, against a 64 KiB adversarial path, return: a backtracking engine would not finish in years, RE2/J takes
 * milliseconds, so the bound ({@link #NO_HANG}) is a hang guard far above either noise or a loaded machine, not a
 * speed claim (docs/benchmarks.md has the speed). {@code (.*a){20}} is written out as twenty {@code (.*a)}: CLB's
 * URL grammar has no braces.
 */
class RegexRedosTests {

    /** What "returns" means here: far above the milliseconds RE2/J takes, far below a backtracking engine's years. */
    static final Duration NO_HANG = Duration.ofSeconds(20);

    static final String TWENTY = "(.*a)".repeat(20);
    static final String ADVERSARIAL = "/" + "a".repeat(64 * 1024 - 2) + "!";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"~ (a+)+$", "~ (a|aa)*b", "~* " + "(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)"
            + "(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)(.*a)b", "~ ^(/a*)*x$", "~* ([a-z]+)+[0-9]"})
    void catastrophicLookingPatternsAreLinear(String url) {
        UrlSpec.Regex re = (UrlSpec.Regex) UrlSpec.parse(url);
        long start = System.nanoTime();
        boolean found = RegexTier.find(re.pattern(), ADVERSARIAL);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("%s on a 64 KiB path", url).isLessThan(NO_HANG);
        assertThat(found).as("none of them matches a path ending in '!'").isFalse();
        String matching = ADVERSARIAL.substring(0, ADVERSARIAL.length() - 1) + (url.contains("[0-9]") ? "7"
                : url.endsWith("x$") ? "x" : url.endsWith("b") ? "b" : "a");
        start = System.nanoTime();
        assertThat(RegexTier.find(re.pattern(), matching)).as("%s matches its own subject", url).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NO_HANG);
    }

    @Test
    void routingTheLongestAcceptedTargetAgainstThemIsFast() {
        RouteTable table = RouteTable.compile(new LoadBalancerConfig("lb", List.of(new ListenerConfig("lbl", Protocol.HTTP,
                80, List.of(
                        new RuleConfig("loc-1", List.of("example.com"), "~ (a+)+$", true, List.of()),
                        new RuleConfig("loc-2", List.of("example.com"), "~ (a|aa)*b", true, List.of()),
                        new RuleConfig("loc-3", List.of("example.com"), "~* " + TWENTY + "b", true, List.of()),
                        new RuleConfig("loc-4", List.of("example.com"), "/x", true, List.of()))))));
        String target = "/" + "a".repeat(RequestTarget.MAX_LENGTH - 2) + "!";
        long start = System.nanoTime();
        RouteResult r = table.route("lbl", "example.com", target);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NO_HANG);
        assertThat(Outcome.of(r)).isEqualTo("404");
        // over the cap: refused before any regex runs
        start = System.nanoTime();
        assertThat(Outcome.of(table.route("lbl", "example.com", ADVERSARIAL))).isEqualTo("400");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NO_HANG);
    }
}
