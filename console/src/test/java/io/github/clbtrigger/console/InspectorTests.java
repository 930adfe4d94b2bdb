package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InspectorTests {

    private static ExchangeRecord record(int i) {
        return Records.ok("req-" + i).build();
    }

    /** The naive reference: keep everything, show the last {@code capacity}, newest first. */
    private static List<Long> reference(int capacity, int added, long after) {
        List<Long> expected = new ArrayList<>();
        for (long seq = added; seq > Math.max(0, added - capacity); seq--) {
            if (seq > after) {
                expected.add(seq);
            }
        }
        return expected;
    }

    private static List<Long> sequences(List<Inspector.Entry> entries) {
        return entries.stream().map(Inspector.Entry::sequence).toList();
    }

    @Nested
    class Bound {
        @Test
        void keepsTheLastCapacityRecordsNewestFirst() {
            Inspector ring = new Inspector(200);
            for (int i = 1; i <= 1000; i++) {
                ring.add(record(i));
            }
            List<Inspector.Entry> held = ring.newestFirst();
            assertThat(held).hasSize(200);
            assertThat(held.get(0).exchange().id()).isEqualTo("req-1000");
            assertThat(held.get(199).exchange().id()).isEqualTo("req-801");
            assertThat(ring.get(800)).isEmpty();
            assertThat(ring.get(801)).map(e -> e.exchange().id()).contains("req-801");
        }

        @Test
        void agreesWithTheNaiveReference() {
            qt().withExamples(300)
                    .forAll(integers().between(1, 40), integers().between(0, 150), integers().between(0, 160))
                    .checkAssert((capacity, added, after) -> {
                        Inspector ring = new Inspector(capacity);
                        for (int i = 1; i <= added; i++) {
                            assertThat(ring.add(record(i))).isEqualTo((long) i);
                        }
                        assertThat(sequences(ring.after(after))).isEqualTo(reference(capacity, added, after));
                        assertThat(ring.lastSequence()).isEqualTo((long) added);
                    });
        }

        @Test
        void concurrentWritersLeaveExactlyTheNewestRecords() throws Exception {
            Inspector ring = new Inspector(64);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        ring.add(record(i));
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sequences(ring.newestFirst())).isEqualTo(reference(64, 20_000, 0));
        }

        @Test
        void refusesACapacityBelowOne() {
            assertThatThrownBy(() -> new Inspector(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 1");
        }
    }

    @Nested
    class Lookup {
        @Test
        void unknownSequenceNumbersAreEmpty() {
            Inspector ring = new Inspector(4);
            ring.add(record(1));
            assertThat(ring.get(0)).isEmpty();
            assertThat(ring.get(2)).isEmpty();
            assertThat(ring.get(-5)).isEmpty();
            assertThat(ring.get(1)).isPresent();
        }
    }
}
