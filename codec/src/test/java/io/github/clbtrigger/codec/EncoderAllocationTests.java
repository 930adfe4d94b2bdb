package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event is written into a buffer sized up front: for a request whose header values need no escaping it is never
 * grown, so an encode allocates that buffer, the returned copy and the header grouping: under 3 times the event
 * (a short guess grew the buffer to twice its size: 4.1 to 4.8 times the event here). Measured with the JVM's
 * per-thread allocation counter.
 */
class EncoderAllocationTests {

    @Test
    void aBodylessEventIsWrittenWithoutGrowingItsBuffer() throws BodyTooLargeException {
        List<Header> few = List.of(new Header("Host", "127.0.0.1:41123"), new Header("User-Agent", "wrk"));
        List<Header> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(new Header("X-Header-" + i, "value-" + i));
        }
        for (EventEncoder encoder : List.of(EventEncoder.builder().build(),
                EventEncoder.builder().customHeaders(EnumSet.allOf(CustomHeader.class)).build())) {
            for (List<Header> headers : List.of(few, many)) {
                InboundRequest request = new InboundRequest("GET", "/echo/some/path", "https", "HTTP/1.1",
                        "203.0.113.7", 51234, "10.0.0.5", 443, headers, Instant.ofEpochSecond(1_795_384_180L, 973_000_000));
                int length = encoder.encode(request, new byte[0], 0, 0).length;
                long perEncode = allocatedPerCall(() -> encodeBodyless(encoder, request));
                assertThat(perEncode).as("bytes allocated by one encode of a %d-byte event, %d headers, custom %s",
                        length, headers.size(), encoder.customHeaders())
                        .isLessThanOrEqualTo(3L * length + 64);
            }
        }
    }

    /**
     * A compact JSON body is copied as it is, so the buffer sized for it is filled exactly and returned without a
     * copy: one encode allocates the event and little else (it allocated twice the event when the size counted
     * quotes around the body and the longest possible {@code X-Stgw-Time}).
     */
    @Test
    void aCompactJsonEventIsReturnedWithoutACopy() throws BodyTooLargeException {
        StringBuilder json = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 400; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(i).append("\",\"qty\":").append(i % 5)
                    .append('}');
        }
        byte[] body = json.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        EventEncoder encoder = EventEncoder.builder().build();
        InboundRequest request = new InboundRequest("POST", "/orders", "https", "HTTP/1.1", "203.0.113.7", 51234,
                "10.0.0.5", 443, List.of(new Header("Host", "api.example.com"),
                        new Header("Content-Type", "application/json")),
                Instant.ofEpochSecond(1_795_384_180L, 973_000_000));
        byte[] event = encoder.encode(request, body, 0, body.length);
        assertThat(event.length).isGreaterThan(body.length);
        long perEncode = allocatedPerCall(() -> {
            try {
                encoder.encode(request, body, 0, body.length);
            } catch (BodyTooLargeException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(perEncode).as("bytes allocated by one encode of a %d-byte event", event.length)
                .isLessThanOrEqualTo(event.length + 1024L);
    }

    private static byte[] encodeBodyless(EventEncoder encoder, InboundRequest request) {
        try {
            return encoder.encode(request, NO_BODY, 0, 0);
        } catch (BodyTooLargeException e) {
            throw new AssertionError(e);
        }
    }

    private static final byte[] NO_BODY = new byte[0];

    /** The fewest bytes one call allocated, averaged over a batch, best of several batches after a warm-up. */
    private static long allocatedPerCall(Runnable call) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int batch = 20_000;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 6; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < batch; i++) {
                call.run();
            }
            best = Math.min(best, (mx.getCurrentThreadAllocatedBytes() - before) / batch);
        }
        return best;
    }
}
