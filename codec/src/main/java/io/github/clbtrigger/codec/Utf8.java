package io.github.clbtrigger.codec;

/** Strict UTF-8 checks (RFC 3629) and an encoder that never fails. */
final class Utf8 {

    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8() {
    }

    /**
     * Returns the offset of the first byte that is not part of well-formed UTF-8, or -1. Overlong forms, encoded
     * surrogates and code points above U+10FFFF are malformed.
     */
    static int firstMalformed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int n = sequenceLength(bytes, i, end);
            if (n < 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /**
     * Returns the length of the well-formed UTF-8 sequence of two to four bytes starting at {@code i} (a byte from
     * 0x80 up), or -1 when it is malformed or cut short by {@code end}; the same rules as {@link #firstMalformed}.
     */
    static int sequenceLength(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xff;
        int need;
        int min;
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + need >= end) {
            return -1;
        }
        int cp = b & (0x3F >> need);
        for (int k = 1; k <= need; k++) {
            int cont = bytes[i + k] & 0xff;
            if ((cont & 0xC0) != 0x80) {
                return -1;
            }
            cp = cp << 6 | cont & 0x3F;
        }
        if (cp < min || cp > 0x10FFFF || cp >= 0xD800 && cp <= 0xDFFF) {
            return -1;
        }
        return need + 1;
    }

    /** Number of bytes {@link #encode} produces for {@code text}. */
    static long encodedLength(String text) {
        long total = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                total += 1;
            } else if (c < 0x800) {
                total += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                total += 4;
                i++;
            } else {
                total += 3;
            }
        }
        return total;
    }

    /**
     * Writes {@code c}, a char from U+0080 up that is not a surrogate, as its two or three UTF-8 bytes at
     * {@code out[o]}, and returns the position after them. The caller has made room.
     */
    static int putBmp(byte[] out, int o, int c) {
        if (c < 0x800) {
            out[o] = (byte) (0xC0 | c >> 6);
            out[o + 1] = (byte) (0x80 | c & 0x3F);
            return o + 2;
        }
        out[o] = (byte) (0xE0 | c >> 12);
        out[o + 1] = (byte) (0x80 | c >> 6 & 0x3F);
        out[o + 2] = (byte) (0x80 | c & 0x3F);
        return o + 3;
    }

    /** Encodes {@code text} as UTF-8 into exactly {@code length} bytes; unpaired surrogates become U+FFFD. */
    static byte[] encode(String text, int length) {
        byte[] out = new byte[length];
        int o = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                o = putBmp(out, o, c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[o++] = (byte) (0xF0 | cp >> 18);
                out[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[o++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                System.arraycopy(REPLACEMENT, 0, out, o, 3);
                o += 3;
            } else {
                o = putBmp(out, o, c);
            }
        }
        return out;
    }
}
