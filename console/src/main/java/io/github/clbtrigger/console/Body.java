package io.github.clbtrigger.console;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A body as the console keeps it: at most a limit of its bytes, its full size, and whether it is text.
 *
 * <p>A body is cut when it is captured, so a record never holds more than its limit, whatever the traffic; capturing
 * is one copy of at most the limit, nothing more, as it happens on the request path. A body is text when the kept
 * bytes are well-formed UTF-8 without control characters other than tab, CR and LF (a multi-byte character
 * straddling the cut is dropped, not counted as malformed); anything else is binary, and of a binary body only the
 * first {@value #HEX_HEAD} bytes are shown, as hexadecimal. Which of the two is decided when first asked.
 *
 * <p>Examples: {@code "{\"a\":1}"} is text of size 7; the bytes {@code 00 ff} are binary of size 2; 1 MiB of JSON
 * under the default limit keeps 64 KiB and says {@link #truncated()}.
 */
public final class Body {

    /** The default number of bytes kept of a body: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    /** How many bytes of a binary body are shown, as hexadecimal. */
    public static final int HEX_HEAD = 256;

    private static final Body EMPTY = new Body(new byte[0], 0);

    private static final byte UNKNOWN = 0;
    private static final byte TEXT = 1;
    private static final byte BINARY = 2;

    private final byte[] kept;              // null for a held text
    private final String text;              // a text held by reference, encoded each time it is shown; or null
    private final int limit;                // of a held text: the bytes of its encoding shown
    private volatile long size = -1;        // of a held text: counted when first asked
    /** Text or binary, decided on first use; a race decides it twice, the same way, so no lock is needed. */
    private byte kind;

    private Body(byte[] kept, long size) {
        this.kept = kept;
        this.size = size;
        this.text = null;
        this.limit = kept.length;
    }

    private Body(String text, int limit) {
        this.kept = null;
        this.text = text;
        this.limit = limit;
    }

    /**
     * Captures a text the caller will not change (a {@code String}), as UTF-8: held by reference when it cannot
     * hold more than the limit in memory (at most {@code limit / 2} characters), and encoded only when shown;
     * otherwise its first {@code limit} bytes are encoded now.
     */
    static Body ownedText(String text, int limit) {
        if (text.isEmpty()) {
            return EMPTY;
        }
        if (text.length() <= limit / 2) {
            return new Body(text, limit);
        }
        byte[] head = text.substring(0, Math.min(text.length(), limit)).getBytes(StandardCharsets.UTF_8);
        return head(head, Math.min(head.length, limit), utf8Length(text));
    }

    /**
     * The bytes kept; of a held text, its encoding cut at the limit, made each time (not kept, so that a text shown
     * once does not hold its bytes beside itself).
     */
    private byte[] kept() {
        if (kept != null) {
            return kept;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        size = bytes.length;
        if (bytes.length <= limit) {
            return bytes;
        }
        return Arrays.copyOf(bytes, characterBoundary(bytes, 0, limit));
    }

    private static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;   // a lone surrogate is encoded as '?', one byte: counted as three, an upper bound
            }
        }
        return n;
    }

    /**
     * The empty body.
     *
     * @return a body of size 0
     */
    public static Body empty() {
        return EMPTY;
    }

    /**
     * Captures a body, keeping at most {@code limit} bytes of it (copied: the caller may reuse its array).
     *
     * @param bytes the whole body
     * @param limit the most bytes kept, at least 0
     * @return the captured body
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public static Body of(byte[] bytes, int limit) {
        return of(bytes, 0, bytes.length, limit);
    }

    /**
     * Captures a slice of an array as a body, keeping at most {@code limit} bytes of it.
     *
     * @param bytes  the array
     * @param offset where the body starts
     * @param length the body's full length
     * @param limit  the most bytes kept, at least 0
     * @return the captured body
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws IndexOutOfBoundsException if the slice is not inside the array
     */
    public static Body of(byte[] bytes, int offset, int length, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("body limit must be at least 0, not " + limit);
        }
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return EMPTY;
        }
        int cut = Math.min(length, limit);
        if (cut < length) {
            cut = characterBoundary(bytes, offset, cut);
        }
        return new Body(Arrays.copyOfRange(bytes, offset, offset + cut), length);
    }

    /**
     * Captures an array the caller hands over and never changes again (an array made for this request, not a
     * container's buffer): kept as it is when it is within the limit, so capturing it costs nothing; otherwise its
     * first {@code limit} bytes are copied, as {@link #of(byte[], int)} does.
     */
    static Body owned(byte[] bytes, int limit) {
        if (bytes.length == 0) {
            return EMPTY;
        }
        return bytes.length <= limit ? new Body(bytes, bytes.length) : of(bytes, 0, bytes.length, limit);
    }

    /**
     * A body of which the first bytes were copied already: {@code head} holds at most the limit, {@code size} is the
     * full length; cut at a character boundary when bytes are missing.
     */
    static Body head(byte[] head, int headLength, long size) {
        if (size == 0) {
            return EMPTY;
        }
        int cut = headLength < size ? characterBoundary(head, 0, headLength) : headLength;
        return new Body(cut == head.length ? head : Arrays.copyOf(head, cut), size);
    }

    /**
     * Captures a text as a UTF-8 body.
     *
     * @param text  the body's text
     * @param limit the most bytes kept
     * @return the captured body
     */
    public static Body of(String text, int limit) {
        return of(text.getBytes(StandardCharsets.UTF_8), limit);
    }

    /**
     * The body's full size in bytes, kept or not.
     *
     * @return the size
     */
    public long size() {
        if (size < 0) {
            kept();
        }
        return size;
    }

    /**
     * Whether bytes of the body were not kept.
     *
     * @return true when fewer bytes were kept than the body had
     */
    public boolean truncated() {
        return keptBytes() < size();
    }

    /**
     * Whether the body is binary (not UTF-8 text); then only {@link #hexHead()} shows it.
     *
     * @return true for a binary body
     */
    public boolean binary() {
        if (kind == UNKNOWN) {
            byte[] bytes = kept();
            kind = isText(bytes, 0, bytes.length) ? TEXT : BINARY;
        }
        return kind == BINARY;
    }

    /**
     * The kept text of a text body, or the empty string for a binary one.
     *
     * @return the text kept
     */
    public String text() {
        return binary() ? "" : new String(kept(), StandardCharsets.UTF_8);
    }

    /**
     * The first kept bytes (at most {@value #HEX_HEAD}) as lowercase hexadecimal pairs separated by spaces.
     *
     * @return the hex head, empty for an empty body
     */
    public String hexHead() {
        byte[] bytes = kept();
        return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, HEX_HEAD));
    }

    /**
     * How many bytes of the body this value holds.
     *
     * @return the bytes kept
     */
    public int keptBytes() {
        return kept().length;
    }

    /** Where to cut so that no multi-byte UTF-8 character straddles the cut (which would read as binary). */
    private static int characterBoundary(byte[] bytes, int offset, int cut) {
        int i = cut;
        int back = 0;
        while (i > 0 && back < 3 && (bytes[offset + i - 1] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i == 0) {
            return cut;
        }
        int lead = bytes[offset + i - 1] & 0xFF;
        int width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return width > back + 1 ? i - 1 : cut;
    }

    private static boolean isText(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
