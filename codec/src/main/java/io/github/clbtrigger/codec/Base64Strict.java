package io.github.clbtrigger.codec;

/**
 * A strict decoder for the standard Base64 alphabet (RFC 4648 section 4), reading straight from the JSON string.
 *
 * <p>Accepted: {@code A-Z a-z 0-9 + /}, with or without the final {@code =} padding; when padding is present it must
 * complete the last group of four. Refused: whitespace and line breaks, the URL-safe characters {@code - _}, padding
 * anywhere but at the end, and a final group of a single character. Bits left over in the last character are ignored,
 * as by most decoders (RFC 4648 allows either).
 */
final class Base64Strict {

    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
    }

    private Base64Strict() {
    }

    /**
     * Returns how many bytes {@code text} decodes to, or -1 when it is not strict Base64 by its length and padding
     * alone (characters are checked by {@link #decode}).
     */
    static long decodedLength(String text) {
        int n = text.length();
        int pad = 0;
        if (n > 0 && text.charAt(n - 1) == '=') {
            pad = n > 1 && text.charAt(n - 2) == '=' ? 2 : 1;
        }
        return decodedLength(n, pad);
    }

    /** {@link #decodedLength(String)} of the ASCII text {@code bytes[start, end)}. */
    static long decodedLength(byte[] bytes, int start, int end) {
        int n = end - start;
        int pad = 0;
        if (n > 0 && bytes[end - 1] == '=') {
            pad = n > 1 && bytes[end - 2] == '=' ? 2 : 1;
        }
        return decodedLength(n, pad);
    }

    /** The decoded length of {@code n} characters of which the last {@code pad} are {@code =}, or -1. */
    private static long decodedLength(int n, int pad) {
        if (pad > 0 && n % 4 != 0) {
            return -1;
        }
        int data = n - pad;
        int rest = data % 4;
        if (rest == 1) {
            return -1;
        }
        if (pad > 0 && rest + pad != 4) {
            return -1;
        }
        return (long) data / 4 * 3 + (rest == 0 ? 0 : rest - 1);
    }

    /**
     * Decodes {@code text} into exactly {@code length} bytes, where {@code length} came from {@link #decodedLength}.
     * Returns the index of the first bad character through {@code badIndex[0]} and {@code null} when a character is
     * not in the alphabet.
     */
    static byte[] decode(String text, int length, int[] badIndex) {
        byte[] out = new byte[length];
        int o = 0;
        int bits = 0;
        int count = 0;
        int n = text.length();
        for (int pad = 0; pad < 2 && n > 0 && text.charAt(n - 1) == '='; pad++) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                badIndex[0] = i;
                return null;
            }
            bits = bits << 6 | v;
            count++;
            if (count == 4) {
                out[o++] = (byte) (bits >> 16);
                out[o++] = (byte) (bits >> 8);
                out[o++] = (byte) bits;
                bits = 0;
                count = 0;
            }
        }
        if (count == 2) {
            out[o] = (byte) (bits >> 4);
        } else if (count == 3) {
            out[o++] = (byte) (bits >> 10);
            out[o] = (byte) (bits >> 2);
        }
        return out;
    }
}
