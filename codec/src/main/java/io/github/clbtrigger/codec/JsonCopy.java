package io.github.clbtrigger.codec;

import java.util.Arrays;

/**
 * The fast path for a JSON request body: checks and copies it in one pass over the bytes, writing exactly what the
 * Jackson path ({@code isStrictJson} then a token-by-token copy through the generator) writes: insignificant
 * whitespace dropped, numbers and literals as they are, strings re-escaped the way {@link JsonOut} escapes.
 *
 * <p>It is sound, not complete: {@link #copy} returns {@code true} only for a body that is one strict JSON value
 * (RFC 8259 grammar, well-formed UTF-8, no member name repeated in an object, at most {@code maxDepth} levels) and
 * has then appended its copy. For anything else — invalid JSON, but also a {@code \}{@code u} escape of a surrogate,
 * an object with more than {@value #MAX_NAMES} members — it returns {@code false}, leaves the output as it was, and
 * the caller asks Jackson, which decides. So both paths always agree; a property test checks it.
 */
final class JsonCopy {

    /** Objects with more members than this are left to Jackson (duplicate names are found by linear search). */
    static final int MAX_NAMES = 64;

    private final byte[] in;
    private final int end;
    private final JsonOut out;
    private final int maxDepth;
    private int i;

    /** Start and end, in the output, of each member name of the open objects. */
    private int[] names = new int[32];
    private int nameCount;

    private JsonCopy(byte[] in, int offset, int length, JsonOut out, int maxDepth) {
        this.in = in;
        this.i = offset;
        this.end = offset + length;
        this.out = out;
        this.maxDepth = maxDepth;
    }

    /**
     * Appends the compact copy of the JSON value in {@code in[offset, offset + length)} and returns {@code true}, or
     * returns {@code false} with {@code out} unchanged when the body is not certainly strict JSON.
     */
    static boolean copy(byte[] in, int offset, int length, JsonOut out, int maxDepth) {
        int mark = out.position();
        out.ensure(length);
        boolean copied = new JsonCopy(in, offset, length, out, maxDepth).value();
        if (!copied) {
            out.truncate(mark);
        }
        return copied;
    }

    /** Containers on the stack: each entry is the index in {@link #names} where an object's names start, or -1. */
    private boolean value() {
        int[] stack = new int[16];
        int depth = 0;
        skipWs();
        while (true) {
            // A value starts at i (whitespace skipped).
            if (i >= end) {
                return false;
            }
            byte c = in[i];
            if (c == '{' || c == '[') {
                if (depth == maxDepth) {
                    return false;
                }
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, depth * 2);
                }
                i++;
                out.raw(c);
                skipWs();
                if (c == '{') {
                    stack[depth++] = nameCount;
                    if (i < end && in[i] == '}') {
                        i++;
                        out.raw((byte) '}');
                        nameCount = stack[--depth];
                    } else if (!member(stack[depth - 1])) {
                        return false;
                    } else {
                        continue;
                    }
                } else {
                    stack[depth++] = -1;
                    if (i < end && in[i] == ']') {
                        i++;
                        out.raw((byte) ']');
                        depth--;
                    } else {
                        continue;
                    }
                }
            } else if (c == '"') {
                if (!string()) {
                    return false;
                }
            } else if (c == '-' || c >= '0' && c <= '9') {
                if (!number()) {
                    return false;
                }
            } else if (!literal(c)) {
                return false;
            }
            // After a value: close containers, or go on to the next element or member.
            while (true) {
                skipWs();
                if (depth == 0) {
                    return i == end;
                }
                if (i >= end) {
                    return false;
                }
                byte next = in[i++];
                int top = stack[depth - 1];
                if (next == ',') {
                    out.raw((byte) ',');
                    skipWs();
                    if (top >= 0 && !member(top)) {
                        return false;
                    }
                    break;
                }
                if (top >= 0 && next == '}') {
                    out.raw((byte) '}');
                    nameCount = top;
                    depth--;
                } else if (top < 0 && next == ']') {
                    out.raw((byte) ']');
                    depth--;
                } else {
                    return false;
                }
            }
            skipWs();
        }
    }

    /** Reads {@code "name" :} at i into the output, checks it against the object's other names. */
    private boolean member(int firstName) {
        if (i >= end || in[i] != '"') {
            return false;
        }
        int start = out.position();
        if (!string()) {
            return false;
        }
        int stop = out.position();
        byte[] buf = out.array();
        for (int k = firstName; k < nameCount; k += 2) {
            int s = names[k];
            int e = names[k + 1];
            if (e - s == stop - start && sameBytes(buf, s, start, stop - start)) {
                return false;
            }
        }
        if (nameCount - firstName >= 2 * MAX_NAMES) {
            return false;
        }
        if (nameCount + 2 > names.length) {
            names = Arrays.copyOf(names, names.length * 2);
        }
        names[nameCount++] = start;
        names[nameCount++] = stop;
        skipWs();
        if (i >= end || in[i] != ':') {
            return false;
        }
        i++;
        out.raw((byte) ':');
        skipWs();
        return true;
    }

    private static boolean sameBytes(byte[] buf, int a, int b, int length) {
        for (int k = 0; k < length; k++) {
            if (buf[a + k] != buf[b + k]) {
                return false;
            }
        }
        return true;
    }

    private void skipWs() {
        while (i < end) {
            byte c = in[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    private boolean literal(byte c) {
        byte[] word = c == 't' ? TRUE : c == 'f' ? FALSE : c == 'n' ? NULL : null;
        if (word == null || end - i < word.length || !Arrays.equals(in, i, i + word.length, word, 0, word.length)) {
            return false;
        }
        out.raw(word, 0, word.length);
        i += word.length;
        return true;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /** A number (JSON's grammar, {@link Json#numberEnd}), copied as is. */
    private boolean number() {
        int after = Json.numberEnd(in, i, end);
        if (after < 0) {
            return false;
        }
        out.raw(in, i, after - i);
        i = after;
        return true;
    }

    /** A string at i (on its opening quote), re-escaped into the output. */
    private boolean string() {
        byte[] b = in;
        int e = end;
        int p = i + 1;
        out.raw((byte) '"');
        int run = p;
        while (true) {
            while (p < e && b[p] >= 0x20 && b[p] != '"' && b[p] != '\\') {
                p++;
            }
            if (p >= e) {
                return false;
            }
            int c = b[p];
            if (c >= 0) {
                if (c < 0x20) {
                    return false;
                }
                out.raw(b, run, p - run);
                if (c == '"') {
                    i = p + 1;
                    out.raw((byte) '"');
                    return true;
                }
                i = p;
                if (!escape()) {
                    return false;
                }
                p = i;
                run = p;
                continue;
            }
            int n = Utf8.sequenceLength(b, p, e);
            if (n < 0) {
                return false;
            }
            p += n;
        }
    }

    /** A backslash escape at i, written as Jackson writes the character it stands for. */
    private boolean escape() {
        if (end - i < 2) {
            return false;
        }
        byte e = in[i + 1];
        int c;
        switch (e) {
            case '"', '\\', '/' -> c = e;
            case 'b' -> c = '\b';
            case 'f' -> c = '\f';
            case 'n' -> c = '\n';
            case 'r' -> c = '\r';
            case 't' -> c = '\t';
            case 'u' -> {
                if (end - i < 6) {
                    return false;
                }
                c = 0;
                for (int k = 2; k < 6; k++) {
                    int h = Character.digit(in[i + k], 16);
                    if (h < 0) {
                        return false;
                    }
                    c = c << 4 | h;
                }
                if (Character.isSurrogate((char) c)) {
                    return false;
                }
                i += 4;
            }
            default -> {
                return false;
            }
        }
        i += 2;
        if (c < 0x80) {
            if (JsonOut.escaped(c)) {
                out.escape(c);
            } else {
                out.raw((byte) c);
            }
        } else if (c < 0x800) {
            out.raw((byte) (0xC0 | c >> 6));
            out.raw((byte) (0x80 | c & 0x3F));
        } else {
            out.raw((byte) (0xE0 | c >> 12));
            out.raw((byte) (0x80 | c >> 6 & 0x3F));
            out.raw((byte) (0x80 | c & 0x3F));
        }
        return true;
    }
}
