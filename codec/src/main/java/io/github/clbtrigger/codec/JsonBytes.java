package io.github.clbtrigger.codec;

/**
 * JSON grammar on bytes, shared by the two scanners ({@link PayloadScanner} of the encoder, {@link ResponseScanner}
 * of the decoder): which bytes a string holds as they are, backslash escapes, numbers.
 */
final class JsonBytes {

    /**
     * For each byte value: whether a JSON string holds it as it is, with no closer look (printable ASCII and DEL,
     * but for the quote and the backslash). One load per byte in the decoder's unescaping loop.
     */
    static final boolean[] PLAIN_IN_STRING = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN_IN_STRING[c] = c != '"' && c != '\\';
        }
    }

    private JsonBytes() {
    }

    /**
     * The character of the backslash escape at {@code in[at]} (RFC 8259), or -1 when it is malformed, cut short by
     * {@code end}, or a {@code \}{@code u} escape of a surrogate. The escape is 6 bytes long when
     * {@code in[at + 1]} is {@code 'u'}, else 2. Shared by the encoder's and the decoder's string scanners.
     */
    static int escapedChar(byte[] in, int at, int end) {
        if (end - at < 2) {
            return -1;
        }
        switch (in[at + 1]) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (end - at < 6) {
                    return -1;
                }
                int c = 0;
                for (int k = at + 2; k < at + 6; k++) {
                    int h = Character.digit(in[k], 16);
                    if (h < 0) {
                        return -1;
                    }
                    c = c << 4 | h;
                }
                return Character.isSurrogate((char) c) ? -1 : c;
            default:
                return -1;
        }
    }

    /**
     * Where a JSON number ({@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}) starting at {@code i} ends,
     * or -1 when the bytes there are not one. Nothing after it is looked at.
     */
    static int numberEnd(byte[] in, int i, int end) {
        if (i < end && in[i] == '-') {
            i++;
        }
        if (i >= end) {
            return -1;
        }
        if (in[i] == '0') {
            i++;
        } else if ((i = digits(in, i, end)) < 0) {
            return -1;
        }
        if (i < end && in[i] == '.' && (i = digits(in, i + 1, end)) < 0) {
            return -1;
        }
        if (i < end && (in[i] == 'e' || in[i] == 'E')) {
            i++;
            if (i < end && (in[i] == '+' || in[i] == '-')) {
                i++;
            }
            if ((i = digits(in, i, end)) < 0) {
                return -1;
            }
        }
        return i;
    }

    /** Past one or more ASCII digits at {@code i}, or -1 when there is none. */
    private static int digits(byte[] in, int i, int end) {
        int start = i;
        while (i < end && in[i] >= '0' && in[i] <= '9') {
            i++;
        }
        return i > start ? i : -1;
    }
}
