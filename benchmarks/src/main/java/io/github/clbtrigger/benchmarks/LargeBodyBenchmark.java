package io.github.clbtrigger.benchmarks;

import io.github.clbtrigger.codec.DecodeResult;
import io.github.clbtrigger.codec.EventEncoder;
import io.github.clbtrigger.codec.InboundRequest;
import io.github.clbtrigger.codec.ResponseDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Binary bodies of 1 MiB and 6 MB ({@code application/octet-stream}, so Base64 both ways): encoding the event and
 * decoding a Base64 integration response, against raw {@link Base64} on the same bytes. Run with {@code -prof gc}
 * for bytes allocated per operation. Warm-up is 6 s: the JDK's vectorized Base64 intrinsics arrive late.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
public class LargeBodyBenchmark {

    /** {@code 1MiB} (1,048,576 bytes) or {@code 6MB} (6,000,000 bytes). */
    @Param({"1MiB", "6MB"})
    public String size;

    private final EventEncoder encoder = EventEncoder.builder().build();
    private final ResponseDecoder decoder = ResponseDecoder.builder().build();
    private InboundRequest request;
    private byte[] body;
    private byte[] base64;
    private byte[] value;

    /** Builds the body, its Base64 form and the function value carrying it; checks the decoder's answer. */
    @Setup(Level.Trial)
    public void setUp() {
        int n = switch (size) {
            case "1MiB" -> 1 << 20;
            case "6MB" -> 6_000_000;
            default -> throw new IllegalArgumentException("size: 1MiB or 6MB, got " + size);
        };
        request = Samples.request("application/octet-stream", n);
        body = Samples.binary(n);
        base64 = Base64.getEncoder().encode(body);
        value = Samples.binaryResponse(body);
        DecodeResult r = decoder.decode(value);
        if (!(r instanceof DecodeResult.Valid) || !Arrays.equals(r.response().body(), body)) {
            throw new IllegalStateException("decoder: " + r);
        }
        if (!new String(encodeEvent(), StandardCharsets.US_ASCII).contains(new String(base64,
                StandardCharsets.US_ASCII))) {
            throw new IllegalStateException("encoder did not Base64 the body");
        }
    }

    /** {@return the event JSON with the body in Base64} */
    @Benchmark
    public byte[] encodeEvent() {
        try {
            return encoder.encode(request, new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return the number of event bytes written to a stream that discards them} */
    @Benchmark
    public long encodeEventStreaming() throws IOException {
        Counting out = new Counting();
        encoder.encode(request, new ByteArrayInputStream(body), out);
        return out.count;
    }

    /** {@return the Base64 form of the body: the floor for encodeEvent} */
    @Benchmark
    public byte[] base64Encode() {
        return Base64.getEncoder().encode(body);
    }

    /** {@return the decoded response} */
    @Benchmark
    public DecodeResult decodeResponse() {
        return decoder.decode(value);
    }

    /** {@return the decoded body: the floor for decodeResponse} */
    @Benchmark
    public byte[] base64Decode() {
        return Base64.getDecoder().decode(base64);
    }

    /** Counts and drops. */
    static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
