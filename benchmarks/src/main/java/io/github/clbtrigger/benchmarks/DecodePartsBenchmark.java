package io.github.clbtrigger.benchmarks;

import io.github.clbtrigger.codec.DecodeResult;
import io.github.clbtrigger.codec.ResponseDecoder;
import java.nio.charset.StandardCharsets;
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
 * Where the typical decode's time goes, by taking parts out of its input rather than out of the code:
 * {@code CodecBenchmark}'s typical response, the same without its three header lines, the same with a body that
 * needs no unescaping (the same text with its quotes turned into apostrophes: as long once decoded, 12 escapes
 * fewer), and the same without either. The decoder and the code path are the same for all four.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class DecodePartsBenchmark {

    /** {@code typical}, {@code noHeaders}, {@code plainBody} or {@code bare} (neither headers nor escapes). */
    @Param({"typical", "noHeaders", "plainBody", "bare"})
    public String shape;

    private final ResponseDecoder decoder = ResponseDecoder.builder().build();
    private byte[] value;

    /** Builds the function value and checks that it decodes to a 200 with the expected body. */
    @Setup(Level.Trial)
    public void setUp() {
        boolean headers = shape.equals("typical") || shape.equals("plainBody");
        String body = switch (shape) {
            case "typical", "noHeaders" -> Samples.TYPICAL_RESPONSE_BODY;
            case "plainBody", "bare" -> Samples.TYPICAL_RESPONSE_BODY.replace('"', '\'');
            default -> throw new IllegalArgumentException("shape: typical, noHeaders, plainBody or bare, got " + shape);
        };
        value = Samples.textResponse(body.getBytes(StandardCharsets.UTF_8), headers);
        DecodeResult r = decoder.decode(value);
        if (!(r instanceof DecodeResult.Valid) || r.response().statusCode() != 200
                || !new String(r.response().body(), StandardCharsets.UTF_8).equals(body)
                || r.response().headers().size() != (headers ? 3 : 0)) {
            throw new IllegalStateException(shape + " does not decode as expected: " + r);
        }
    }

    /** {@return the decoded response} */
    @Benchmark
    public DecodeResult decode() {
        return decoder.decode(value);
    }
}
