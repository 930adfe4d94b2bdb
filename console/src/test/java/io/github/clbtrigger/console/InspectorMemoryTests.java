package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ring's memory bound under traffic far larger than the heap: run by its own surefire execution in a JVM of
 * 128 MiB (see the pom), where 100,000 exchanges with 1 MiB request bodies, events, answers and responses (400 GB if
 * kept) would not fit a thousandth of.
 */
class InspectorMemoryTests {

    private static final int MIB = 1 << 20;

    @Test
    void aHundredThousandOneMebibyteExchangesStayWithinTheBound() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap).as("this test runs in the memory-bound execution, -Xmx128m").isLessThanOrEqualTo(160L * MIB);

        byte[] body = new byte[MIB];
        Arrays.fill(body, (byte) 'x');
        HttpResponse response = new HttpResponse(200, List.of(new Header("Content-Type", "text/plain")), body);
        Inspector ring = new Inspector(Inspector.DEFAULT_CAPACITY);
        for (int i = 0; i < 100_000; i++) {
            body[i % MIB] = (byte) ('a' + i % 26); // every body differs
            // as the console's observer captures: the filter's arrays and its response handed over, not copied
            // when within the limit, so over it only the limit may be kept
            ring.add(Records.ok("req-" + i).ownedRequestBody(body).ownedEvent(body).ownedRawAnswer(body)
                    .response(response).build());
        }

        assertThat(ring.newestFirst()).hasSize(Inspector.DEFAULT_CAPACITY);
        long kept = ring.newestFirst().stream().mapToLong(e -> e.exchange().requestBody().keptBytes()
                + e.exchange().event().keptBytes() + e.exchange().rawAnswer().keptBytes()
                + e.exchange().responseBody().keptBytes()).sum();
        assertThat(kept).isEqualTo(Inspector.DEFAULT_CAPACITY * 4L * Body.DEFAULT_LIMIT);

        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        // 200 exchanges x 4 bodies x 64 KiB = 50 MiB kept, plus the 1 MiB body, the response's and the JVM's own.
        assertThat(used).as("heap used after GC").isLessThan(96L * MIB);
    }
}
