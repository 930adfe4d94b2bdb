package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The ring's memory bound under traffic far larger than the heap: run by its own surefire execution in a JVM of
 * 128 MiB (see the pom), where 100,000 exchanges with 1 MiB request bodies and 1 MiB events (200 GB if kept) would
 * not fit a thousandth of.
 */
class InspectorMemoryTests {

    private static final int MIB = 1 << 20;

    @Test
    void aHundredThousandOneMebibyteExchangesStayWithinTheBound() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap).as("this test runs in the memory-bound execution, -Xmx128m").isLessThanOrEqualTo(160L * MIB);

        byte[] body = new byte[MIB];
        Arrays.fill(body, (byte) 'x');
        Inspector ring = new Inspector(Inspector.DEFAULT_CAPACITY);
        for (int i = 0; i < 100_000; i++) {
            body[i % MIB] = (byte) ('a' + i % 26); // every body differs
            ring.add(Records.ok("req-" + i).requestBody(body).event(body).build());
        }

        assertThat(ring.newestFirst()).hasSize(Inspector.DEFAULT_CAPACITY);
        long kept = ring.newestFirst().stream().mapToLong(e -> e.exchange().requestBody().keptBytes()
                + e.exchange().event().keptBytes()).sum();
        assertThat(kept).isEqualTo(Inspector.DEFAULT_CAPACITY * 2L * Body.DEFAULT_LIMIT);

        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        // 200 exchanges x 2 bodies x 64 KiB = 25 MiB kept, plus the 1 MiB body and the JVM's own.
        assertThat(used).as("heap used after GC").isLessThan(64L * MIB);
    }
}
