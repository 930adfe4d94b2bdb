package io.github.clbtrigger.codec;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A growable UTF-8 byte buffer with the few JSON writes the event needs, byte for byte what the codec's Jackson
 * generator writes (see {@link JacksonSetup#factory}): strings escape {@code "} and {@code \} with a backslash, the control
 * characters {@code \b \t \n \f \r} as those short escapes and the other C0 controls as backslash-u{@code 00XX} with upper-case
 * hex; every other character, DEL and {@code /} included, is raw UTF-8 (a surrogate pair as one 4-byte sequence).
 * {@link #string(String)} writes an unpaired surrogate as U+FFFD, as if the text had been made {@link JsonText#wellFormed}
 * first.
 *
 * <p>Not thread-safe; one per event.
 */
final class JsonOut {

    /** Base64 is encoded in slices of this many input bytes (a multiple of 3) through two small scratch arrays. */
    static final int BASE64_SLICE = 3 * 4096;

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    /** For each ASCII character: 0 = written as is; a letter = that short escape; 'u' = backslash-u{@code 00XX}. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] buf;
    private int pos;

    JsonOut(int capacity) {
        this.buf = new byte[Math.max(capacity, 16)];
    }

    int position() {
        return pos;
    }

    /** Forgets everything written from {@code position} on. */
    void truncate(int position) {
        pos = position;
    }

    byte[] array() {
        return buf;
    }

    /** Makes room for {@code n} more bytes. */
    void ensure(int n) {
        if (buf.length - pos < n) {
            long wanted = Math.max((long) pos + n, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length));
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("event larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    /**
     * Makes the buffer exactly {@code total} bytes long (at least what is written), so that {@link #toByteArray()}
     * returns it without a copy when exactly that much is written.
     */
    void resizeExactly(int total) {
        if (buf.length != total && total >= pos) {
            buf = Arrays.copyOf(buf, total);
        }
    }

    /** The bytes written; the buffer itself when it is full, else a copy. */
    byte[] toByteArray() {
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }

    /** The bytes written, decoded: they are UTF-8 by construction. */
    String toUtf8String() {
        return new String(buf, 0, pos, StandardCharsets.UTF_8);
    }

    void raw(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    /** Appends ASCII text as is. */
    void ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) text.charAt(i);
        }
    }

    void raw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, pos, length);
        pos += length;
    }

    /** Appends {@code text} as a JSON string literal, quotes included. */
    void string(String text) {
        string(text, false);
    }

    /**
     * Appends a header value as a JSON string literal: as {@link #string(String)}, except that a value whose
     * characters are all single bytes (none above U+00FF) that form well-formed UTF-8 is written as that UTF-8 text.
     * HTTP parsers and servlet containers hand a header's bytes over as ISO-8859-1 characters, so a UTF-8
     * {@code café} arrives as {@code cafÃ©}; the event carries {@code café}. Bytes that are not UTF-8 stay the
     * characters they were.
     */
    void headerValue(String text) {
        string(text, true);
    }

    private void string(String text, boolean receivedBytes) {
        int mark = pos;
        int n = text.length();
        ensure(n + 2);
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        int i = 0;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || ESCAPES[c] != 0) {
                break;
            }
            b[p++] = (byte) c;
        }
        pos = p;
        if (i < n) {
            if (receivedBytes && bytesAboveAscii(text, i, n)) {
                // written again from the opening quote as the UTF-8 text of those bytes, or, when they are not
                // UTF-8 (utf8String then leaves pos at the mark), as the characters they are
                pos = mark;
                if (!utf8String(text.getBytes(StandardCharsets.ISO_8859_1), 0, n)) {
                    string(text, false);
                }
                return;
            }
            stringTail(text, i, n);
        }
        raw((byte) '"');
    }

    /** Whether every character of {@code text[from, n)} is a byte (up to U+00FF), and some is above ASCII. */
    private static boolean bytesAboveAscii(String text, int from, int n) {
        boolean high = false;
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                return false;
            }
            high |= c >= 0x80;
        }
        return high;
    }

    private void stringTail(String text, int from, int n) {
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                ensure(6);
                pos = writeChar(buf, pos, c);
            } else if (c < 0x800) {
                ensure(2);
                pos = Utf8.putBmp(buf, pos, c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                ensure(4);
                buf[pos++] = (byte) (0xF0 | cp >> 18);
                buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp & 0x3F);
            } else {
                ensure(3);
                pos = Utf8.putBmp(buf, pos, Character.isSurrogate(c) ? 0xFFFD : c);
            }
        }
    }

    /** The number of decimal digits of {@code value}, which is not negative: what {@link #decimal} writes. */
    static int digits(long value) {
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** Appends the decimal digits of {@code value}, which is not negative. */
    void decimal(long value) {
        ensure(19);
        int digits = digits(value);
        long rest = value;
        for (int at = pos + digits - 1; at >= pos; at--) {
            buf[at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        pos += digits;
    }

    /**
     * Writes the character {@code c} (below U+10000, not a surrogate) at {@code buf[pos]} the way {@link #string}
     * writes it, and returns the position after it. The caller has made room: at most six bytes are written.
     */
    static int writeChar(byte[] buf, int pos, int c) {
        int p = pos;
        if (c < 0x80) {
            byte kind = ESCAPES[c];
            if (kind == 0) {
                buf[p++] = (byte) c;
            } else {
                buf[p++] = '\\';
                if (kind != 'u') {
                    buf[p++] = kind;
                } else {
                    buf[p++] = 'u';
                    buf[p++] = '0';
                    buf[p++] = '0';
                    buf[p++] = HEX[c >> 4];
                    buf[p++] = HEX[c & 0xF];
                }
            }
        } else {
            p = Utf8.putBmp(buf, p, c);
        }
        return p;
    }

    /**
     * Appends UTF-8 text as a JSON string literal, quotes included, checking it on the way: the bytes are copied,
     * ASCII characters that need it escaped. Returns {@code false}, with nothing written, when the bytes are not
     * well-formed UTF-8 ({@link Utf8#sequenceLength}'s rules).
     *
     * <p>Plain printable ASCII goes eight bytes at a time, stored before it is looked at. The room for that is kept as
     * an invariant: at least eight bytes more than the input left to read, plus the closing quote. Copying keeps the
     * margin; only an escape (up to six bytes for one) eats into it, so the room is checked before each escape.
     */
    boolean utf8String(byte[] bytes, int offset, int length) {
        int mark = pos;
        int end = offset + length;
        ensure(length + 2 + ROOM);
        byte[] b = buf;
        int q = pos;
        b[q++] = '"';
        int p = offset;
        while (p < end) {
            if (end - p >= 8) {
                long word = Swar.get(bytes, p);
                Swar.put(b, q, word);
                long mask = Swar.specials(word);
                if (mask == 0) {
                    p += 8;
                    q += 8;
                    continue;
                }
                int n = Swar.firstFlagged(mask);
                p += n;
                q += n;
            }
            int c = bytes[p];
            if (c >= 0x20 && c != '"' && c != '\\') {
                b[q++] = (byte) c;
                p++;
            } else if (c < 0) {
                int n = Utf8.sequenceLength(bytes, p, end);
                if (n < 0) {
                    pos = mark;
                    return false;
                }
                for (int k = 0; k < n; k++) {
                    b[q++] = bytes[p++];
                }
            } else {
                if (b.length - q < end - p + ROOM) {
                    pos = q;
                    ensure(end - p + ROOM);
                    b = buf;
                }
                q = writeChar(b, q, c);
                p++;
            }
        }
        b[q++] = '"';
        pos = q;
        return true;
    }

    /** The margin {@link #utf8String} keeps: an eight-byte store, an escape's six bytes, the closing quote. */
    private static final int ROOM = 16;

    /** Appends the standard Base64 form (padded, no line breaks) of the bytes as a JSON string literal. */
    void base64String(byte[] bytes, int offset, int length) {
        int encoded = base64Length(length);
        ensure(encoded + 2);
        buf[pos++] = '"';
        Base64.Encoder encoder = Base64.getEncoder();
        if (length <= BASE64_SLICE) {
            byte[] in = offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
            byte[] out = encoder.encode(in);
            System.arraycopy(out, 0, buf, pos, out.length);
            pos += out.length;
        } else {
            byte[] in = new byte[BASE64_SLICE];
            byte[] out = new byte[base64Length(BASE64_SLICE)];
            int i = offset;
            int end = offset + length;
            while (end - i >= BASE64_SLICE) {
                System.arraycopy(bytes, i, in, 0, BASE64_SLICE);
                int n = encoder.encode(in, out);
                System.arraycopy(out, 0, buf, pos, n);
                pos += n;
                i += BASE64_SLICE;
            }
            if (i < end) {
                int n = encoder.encode(Arrays.copyOfRange(bytes, i, end), out);
                System.arraycopy(out, 0, buf, pos, n);
                pos += n;
            }
        }
        buf[pos++] = '"';
    }

    /** Encoded length of {@code n} bytes in padded Base64. */
    static int base64Length(int n) {
        return (int) (((long) n + 2) / 3 * 4);
    }

    /** Streams bytes into this buffer, for a Jackson generator. */
    OutputStream asOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                raw((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                raw(b, off, len);
            }
        };
    }
}
