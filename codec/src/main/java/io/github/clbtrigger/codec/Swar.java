package io.github.clbtrigger.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time: reading and writing a {@code long} in a byte array, and finding the first byte of a JSON
 * string's content that is not plain printable ASCII (a quote, a backslash, a control character or a byte from 0x80
 * up). Shared by the encoder's and the decoder's string scanners.
 */
final class Swar {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Swar() {
    }

    /** The eight bytes at {@code i}, the first in the lowest bits. */
    static long get(byte[] bytes, int i) {
        return (long) LONGS.get(bytes, i);
    }

    /** Writes the eight bytes of {@code word} at {@code i}, the lowest bits first. */
    static void put(byte[] bytes, int i, long word) {
        LONGS.set(bytes, i, word);
    }

    /**
     * Returns a mask whose lowest set bit is the high bit of the first byte of {@code word} (lowest bits first) that
     * is a quote, a backslash, below 0x20 or from 0x80 up; 0 when there is none. Only the lowest set bit is exact
     * (a borrow can flag a later byte too), which is all a scanner needs.
     */
    static long specials(long word) {
        long quote = word ^ 0x2222222222222222L;
        long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
        return ((quote - ONES) & ~quote
                | (backslash - ONES) & ~backslash
                | word - 0x2020202020202020L
                | word) & HIGHS;
    }

    /** {@link #specials}, DEL (0x7f) flagged as well: for header values, where DEL is not allowed. */
    static long specialsOrDel(long word) {
        // Adding one sets the high bit of 0x7f; a carry comes only out of 0xff, flagged itself.
        return specials(word) | (word + ONES) & HIGHS;
    }

    /**
     * Returns the index of the first byte of {@code bytes[from, end)} that is a quote, a backslash, a control
     * character or not ASCII, or DEL too if {@code del}; {@code end} when there is none. Eight bytes at a time, the
     * last few one by one.
     */
    static int firstSpecial(byte[] bytes, int from, int end, boolean del) {
        int k = from;
        while (end - k >= 8) {
            long word = get(bytes, k);
            long mask = del ? specialsOrDel(word) : specials(word);
            if (mask != 0) {
                return k + firstFlagged(mask);
            }
            k += 8;
        }
        while (k < end) {
            int c = bytes[k];
            if (c < 0x20 || c == '"' || c == '\\' || del && c == 0x7f) {
                return k;
            }
            k++;
        }
        return k;
    }

    /** The index, 0 to 7, of the byte flagged by the lowest set bit of a non-zero {@link #specials} mask. */
    static int firstFlagged(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }
}
