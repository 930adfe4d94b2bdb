package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import io.github.clbtrigger.codec.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyTests {

    static Stream<Arguments> bodies() {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 'a');
        byte[] binary = new byte[1000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        return Stream.of(
                Arguments.of(Named.of("short JSON", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)), 64, 7, 7, false),
                Arguments.of(Named.of("1 MiB of text under 64 KiB", big), 65536, 1 << 20, 65536, false),
                Arguments.of(Named.of("binary", binary), 65536, 1000, 1000, true),
                Arguments.of(Named.of("NUL byte is binary", new byte[] {'a', 0, 'b'}), 64, 3, 3, true),
                Arguments.of(Named.of("invalid UTF-8 is binary", new byte[] {'a', (byte) 0xC3, 'b'}), 64, 3, 3, true),
                Arguments.of(Named.of("tabs and newlines are text", "a\tb\r\nc".getBytes(StandardCharsets.UTF_8)),
                        64, 6, 6, false),
                Arguments.of(Named.of("limit 0 keeps nothing", "abc".getBytes(StandardCharsets.UTF_8)), 0, 3, 0, false),
                // "é" is two bytes: a cut after its first byte drops it whole, and the body stays text.
                Arguments.of(Named.of("cut inside a character", "aé".getBytes(StandardCharsets.UTF_8)), 2, 3, 1, false),
                Arguments.of(Named.of("cut after a character", "aé".getBytes(StandardCharsets.UTF_8)), 3, 3, 3, false));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void keepsAtMostTheLimitAndTellsTextFromBinary(byte[] bytes, int limit, long size, int kept, boolean binary) {
        Body body = Body.of(bytes, limit);
        assertThat(body.size()).isEqualTo(size);
        assertThat(body.keptBytes()).isEqualTo(kept);
        assertThat(body.binary()).isEqualTo(binary);
        assertThat(body.truncated()).isEqualTo(kept < size);
    }

    /** The console's captures by reference show exactly what a copy shows: size, bytes kept, text or hex. */
    @ParameterizedTest
    @MethodSource("bodies")
    void capturesByReferenceShowWhatACopyShows(byte[] bytes, int limit, long size, int kept, boolean binary) {
        Body copy = Body.of(bytes, limit);
        Body owned = Body.owned(bytes.clone(), limit);
        Body fromResponse = BoundedCopy.head(new HttpResponse(200, List.of(), bytes), limit);
        for (Body body : List.of(owned, fromResponse)) {
            assertThat(view(body)).isEqualTo(view(copy));
        }
        if (!binary) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertThat(view(Body.ownedText(text, limit))).isEqualTo(view(copy));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 64, 65536})
    void aHeldTextIsCutAtTheLimitWhenShown(int limit) {
        // one character, three bytes: a text of limit / 2 characters is held, but shows at most limit bytes
        String text = "€".repeat(Math.max(1, limit / 2));
        Body held = Body.ownedText(text, limit);
        assertThat(view(held)).isEqualTo(view(Body.of(text.getBytes(StandardCharsets.UTF_8), limit)));
        assertThat(held.keptBytes()).isLessThanOrEqualTo(limit);
    }

    private static List<Object> view(Body body) {
        return List.of(body.size(), body.keptBytes(), body.truncated(), body.binary(), body.text(), body.hexHead());
    }

    @Test
    void binaryBodiesShowAHexHead() {
        Body body = Body.of(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}, 64);
        assertThat(body.hexHead()).isEqualTo("00 01 fe ff");
        assertThat(body.text()).isEmpty();
    }

    @Test
    void aLongBinaryBodyShowsOnlyItsHead() {
        byte[] bytes = new byte[1000];
        bytes[0] = (byte) 0xff;
        Body body = Body.of(bytes, 65536);
        assertThat(body.hexHead().split(" ")).hasSize(Body.HEX_HEAD);
        assertThat(body.hexHead()).startsWith("ff 00 00");
    }

    @Test
    void theCallersArrayIsCopied() {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        Body body = Body.of(bytes, 64);
        bytes[0] = 'j';
        assertThat(body.text()).isEqualTo("hello");
    }
}
