package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Weighted target choice: proportional to Weight, deterministic under a seed. */
class RuleConfigTests {
    private static FunctionTarget target(String qualifier, int weight) {
        return new FunctionTarget(new FunctionRef("default", "f", qualifier, "VERSION"), weight);
    }

    private static RuleConfig rule(FunctionTarget... targets) {
        return new RuleConfig("loc", List.of("a.com"), "/", false, List.of(targets));
    }

    @Test
    void sameSeedSameSequence() {
        RuleConfig r = rule(target("1", 30), target("2", 70));
        qt().forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom a = new SplittableRandom(seed);
            SplittableRandom b = new SplittableRandom(seed);
            for (int i = 0; i < 20; i++) {
                assertThat(r.pickTarget(a)).isEqualTo(r.pickTarget(b));
            }
        });
    }

    @Test
    void choicesFollowTheWeights() {
        qt().withExamples(20).forAll(integers().between(1, 100), integers().between(1, 100)).checkAssert((w1, w2) -> {
            RuleConfig r = rule(target("1", w1), target("2", w2), target("3", 0));
            Map<String, Integer> counts = new HashMap<>();
            SplittableRandom random = new SplittableRandom(42);
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                counts.merge(r.pickTarget(random).function().qualifier(), 1, Integer::sum);
            }
            double expected = (double) w1 / (w1 + w2);
            assertThat(counts.getOrDefault("1", 0) / (double) n).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.02));
            assertThat(counts).doesNotContainKey("3");
        });
    }

    @Test
    void allZeroWeightsChooseUniformlyAndNoTargetsIsEmpty() {
        RuleConfig zero = rule(target("1", 0), target("2", 0));
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            counts.merge(zero.pickTarget(random).function().qualifier(), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys("1", "2");
        RuleConfig none = rule();
        assertThat(none.chooseTarget(random)).isEmpty();
        assertThatThrownBy(() -> none.pickTarget(random)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("loc");
    }
}
