package io.github.clbtrigger.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON's tokens read from a byte array, for {@link ResponseScanner}: whitespace, a member name and its colon, strings
 * (their text found in place when it has no escape, else written as UTF-8 into {@link #scratch}), numbers and the
 * literals. Each method takes the position of what it reads and returns the position after it, or -1 when the bytes
 * there are not what it reads, or not within the scanner's scope (a surrogate escape, a string over its limit).
 *
 * <p>It extends {@link ResponseAssembler} for one reason: the scanner fills itself with the members it reads, so that
 * a value it decides costs one object, not a tokenizer and an assembler. Nothing here reads or writes the members.
 */
abstract sealed class JsonByteReader extends ResponseAssembler permits ResponseScanner {

    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    final byte[] in;
    final int end;
    final int maxStringLength;
    final int maxNameLength;

    /** The UTF-8 text of the last string {@link #unescape} read: the first {@link #scratchLength} bytes. */
    byte[] scratch;
    int scratchLength;

    JsonByteReader(byte[] in, int maxStringLength) {
        this.in = in;
        this.end = in.length;
        this.maxStringLength = maxStringLength;
        this.maxNameLength = Math.min(maxStringLength, JacksonSetup.MAX_NAME_LENGTH);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The position of the value after a member name that ends before p: past the colon and whitespace, or -1. */
    final int colon(int p) {
        p = skipWs(p);
        if (p >= end || in[p] != ':') {
            return -1;
        }
        p = skipWs(p + 1);
        return p < end ? p : -1;
    }

    /** A member name at p: a plain ASCII string without escapes, within the name limit. */
    final int name(int p) {
        if (p >= end || in[p] != '"') {
            return -1;
        }
        int start = p + 1;
        int at = Swar.firstSpecial(in, start, end, false);
        return at < end && in[at] == '"' ? string(start, at, maxNameLength, 0) : -1;
    }

    /**
     * Reads the string whose text starts at {@code start} once {@link Swar#firstSpecial} has found {@code at}, the
     * first byte from there to look at. When that is the closing quote, the text is {@code in[start, at)} and the
     * position after the string is {@code at + 1}; otherwise its UTF-8 text is put in {@link #scratch}, which has
     * room for {@code capacity} bytes to start with. Returns -1 for a malformed string, an escaped surrogate, or a
     * string longer than {@code limit} bytes in the input.
     */
    final int string(int start, int at, int limit, int capacity) {
        if (at < end && in[at] == '"') {
            return at - start > limit ? -1 : at + 1;
        }
        int o = at - start;
        if (scratch == null || scratch.length < capacity) {
            scratch = new byte[capacity];
        }
        System.arraycopy(in, start, scratch, 0, o);
        return unescape(start, at, o, limit);
    }

    /**
     * The rest of a string with escapes or non-ASCII text, from {@code p} in the input and {@code o} in
     * {@link #scratch}, through the closing quote. The loop runs without a capacity check per byte: the text is never
     * longer than the input it comes from, so while {@code p} stays below {@code stop}, chosen from the room left
     * (less eight bytes for the last escape), every write fits; at {@code stop} the scratch array grows.
     */
    final int unescape(int start, int p, int o, int limit) {
        byte[] b = in;
        int e = end;
        byte[] w = scratch;
        while (true) {
            int stop = Math.min(e, p + (w.length - o - 8));
            while (p < stop) {
                // A run of plain bytes, written at a fixed distance behind: the loop's one index needs one check.
                int behind = p - o;
                int c = b[p];
                while (JsonBytes.PLAIN_IN_STRING[c & 0xff]) {
                    w[p - behind] = (byte) c;
                    if (++p == stop) {
                        break;
                    }
                    c = b[p];
                }
                o = p - behind;
                if (p == stop) {
                    break;
                }
                if (c == '"') {
                    scratch = w;
                    scratchLength = o;
                    return p - start > limit ? -1 : p + 1;
                } else if (c == '\\') {
                    if (p + 1 < e && (b[p + 1] == '"' || b[p + 1] == '\\' || b[p + 1] == '/')) {
                        w[o++] = b[p + 1];
                        p += 2;
                        continue;
                    }
                    int ch = JsonBytes.escapedChar(b, p, e);
                    if (ch < 0) {
                        return -1;
                    }
                    p += b[p + 1] == 'u' ? 6 : 2;
                    if (ch < 0x80) {
                        w[o++] = (byte) ch;
                    } else {
                        o = Utf8.putBmp(w, o, ch);
                    }
                } else if (c < 0) {
                    int n = Utf8.sequenceLength(b, p, e);
                    if (n < 0) {
                        return -1;
                    }
                    for (int k = 0; k < n; k++) {
                        w[o++] = b[p++];
                    }
                } else {
                    return -1; // a control character
                }
            }
            if (p >= e) {
                return -1;
            }
            w = Arrays.copyOf(w, w.length * 2);
        }
    }

    /** An unknown member's value at p: a string, number or literal (containers are left to the Jackson path). */
    final int scalar(int p) {
        byte c = in[p];
        if (c == '"') {
            int at = Swar.firstSpecial(in, p + 1, end, false);
            return string(p + 1, at, maxStringLength, at - p - 1 + 64);
        }
        if (c == '-' || c >= '0' && c <= '9') {
            return number(p);
        }
        return literal(p);
    }

    /** A number (JSON's grammar, {@link JsonBytes#numberEnd}) of at most {@value JacksonSetup#MAX_NUMBER_LENGTH} characters. */
    final int number(int p) {
        int after = JsonBytes.numberEnd(in, p, end);
        return after < 0 || after - p > JacksonSetup.MAX_NUMBER_LENGTH ? -1 : after;
    }

    /** The literal {@code true}, {@code false} or {@code null} at p, told by its first byte. */
    final int literal(int p) {
        byte[] word = switch (in[p]) {
            case 't' -> TRUE;
            case 'f' -> FALSE;
            case 'n' -> NULL;
            default -> null;
        };
        return word != null && end - p >= word.length && sameAs(p, word) ? p + word.length : -1;
    }

    /** The first position from p that is not JSON whitespace (or {@link #end}). */
    final int skipWs(int p) {
        while (p < end) {
            byte c = in[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return p;
            }
            p++;
        }
        return p;
    }

    final boolean sameAs(int start, byte[] word) {
        for (int k = 0; k < word.length; k++) {
            if (in[start + k] != word[k]) {
                return false;
            }
        }
        return true;
    }
}
