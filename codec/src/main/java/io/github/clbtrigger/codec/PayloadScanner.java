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
 *
 * <p>Why it writes straight into the output array without a capacity check per byte: the copy is never longer than
 * the input read so far (whitespace is dropped, every escape is written in at most as many bytes as it was read in,
 * everything else is copied one for one), so {@link JsonOut#ensure} once for the body's length covers every write,
 * including the eight-byte stores of the string scanner, which only run while eight input bytes remain.
 */
final class PayloadScanner {

    /** Objects with more members than this are left to Jackson (duplicate names are found by linear search). */
    static final int MAX_NAMES = 64;

    private final byte[] in;
    private final int end;
    private final byte[] out;
    private final int maxDepth;

    /** Input and output positions, kept in locals by {@link #value} and handed over through these fields. */
    private int i;
    private int o;

    /** Start and end, in the output, of each member name of the open objects. */
    private int[] names = new int[32];
    private int nameCount;

    private PayloadScanner(byte[] in, int offset, int length, byte[] out, int position, int maxDepth) {
        this.in = in;
        this.i = offset;
        this.end = offset + length;
        this.out = out;
        this.o = position;
        this.maxDepth = maxDepth;
    }

    /**
     * Appends the compact copy of the JSON value in {@code in[offset, offset + length)} and returns {@code true}, or
     * returns {@code false} with {@code out} unchanged when the body is not certainly strict JSON.
     */
    static boolean copy(byte[] in, int offset, int length, JsonOut out, int maxDepth) {
        int mark = out.position();
        out.ensure(length);
        PayloadScanner copy = new PayloadScanner(in, offset, length, out.array(), mark, maxDepth);
        if (!copy.value()) {
            return false;
        }
        out.truncate(copy.o);
        return true;
    }

    /**
     * The whole value, in one loop with the positions in locals. Containers on the stack: each entry is the index in
     * {@link #names} where an object's names start, or -1 for an array.
     */
    private boolean value() {
        byte[] b = in;
        byte[] w = out;
        int e = end;
        int p = i;
        int q = o;
        int[] stack = new int[16];
        int depth = 0;
        boolean wantName = false;
        while (true) {
            // A value, or a member name when wantName, starts at p (after whitespace).
            p = skipWs(b, p, e);
            if (p >= e) {
                return false;
            }
            byte c = b[p];
            if (c == '"') {
                int start = q;
                w[q++] = '"';
                p++;
                // Plain ASCII eight bytes at a time (copied before looking: the store is in bounds, see above).
                while (e - p >= 8) {
                    long word = Swar.get(b, p);
                    Swar.put(w, q, word);
                    long mask = Swar.specials(word);
                    if (mask != 0) {
                        int n = Swar.firstFlagged(mask);
                        p += n;
                        q += n;
                        break;
                    }
                    p += 8;
                    q += 8;
                }
                while (p < e && b[p] >= 0x20 && b[p] != '"' && b[p] != '\\') {
                    w[q++] = b[p++];
                }
                if (p < e && b[p] == '"') {
                    w[q++] = '"';
                    p++;
                } else {
                    i = p;
                    o = q;
                    if (!stringTail()) {
                        return false;
                    }
                    p = i;
                    q = o;
                }
                if (wantName) {
                    int top = stack[depth - 1];
                    if (!newName(w, top, start, q)) {
                        return false;
                    }
                    p = skipWs(b, p, e);
                    if (p >= e || b[p] != ':') {
                        return false;
                    }
                    p++;
                    w[q++] = ':';
                    wantName = false;
                    continue;
                }
            } else if (wantName) {
                return false;
            } else if (c == '{' || c == '[') {
                if (depth == maxDepth) {
                    return false;
                }
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, depth * 2);
                }
                p = skipWs(b, p + 1, e);
                w[q++] = c;
                if (c == '{') {
                    if (p < e && b[p] == '}') {
                        p++;
                        w[q++] = '}';
                    } else {
                        stack[depth++] = nameCount;
                        wantName = true;
                        continue;
                    }
                } else {
                    if (p < e && b[p] == ']') {
                        p++;
                        w[q++] = ']';
                    } else {
                        stack[depth++] = -1;
                        continue;
                    }
                }
            } else if (c == '-' || c >= '0' && c <= '9') {
                int after = JsonBytes.numberEnd(b, p, e);
                if (after < 0) {
                    return false;
                }
                while (p < after) {
                    w[q++] = b[p++];
                }
            } else {
                byte[] word = c == 't' ? TRUE : c == 'f' ? FALSE : c == 'n' ? NULL : null;
                if (word == null || e - p < word.length) {
                    return false;
                }
                for (byte letter : word) {
                    if (b[p++] != letter) {
                        return false;
                    }
                    w[q++] = letter;
                }
            }
            // After a value: close containers, or go on to the next element or member.
            while (true) {
                p = skipWs(b, p, e);
                if (depth == 0) {
                    o = q;
                    return p == e;
                }
                if (p >= e) {
                    return false;
                }
                byte next = b[p++];
                int top = stack[depth - 1];
                if (next == ',') {
                    w[q++] = ',';
                    wantName = top >= 0;
                    break;
                }
                if (top >= 0 && next == '}') {
                    w[q++] = '}';
                    nameCount = top;
                    depth--;
                } else if (top < 0 && next == ']') {
                    w[q++] = ']';
                    depth--;
                } else {
                    return false;
                }
            }
        }
    }

    /**
     * Records the member name just copied to {@code out[start, stop)} (quotes included) for the object whose names
     * start at {@code firstName}; {@code false} when the object already has it, or has too many names.
     */
    private boolean newName(byte[] w, int firstName, int start, int stop) {
        int length = stop - start;
        for (int k = firstName; k < nameCount; k += 2) {
            int s = names[k];
            if (names[k + 1] - s == length && sameBytes(w, s, start, length)) {
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
        return true;
    }

    /** Short names differ early: a plain loop beats {@code Arrays.equals} and its range checks here. */
    private static boolean sameBytes(byte[] buf, int a, int b, int length) {
        for (int k = 0; k < length; k++) {
            if (buf[a + k] != buf[b + k]) {
                return false;
            }
        }
        return true;
    }

    private static int skipWs(byte[] b, int p, int e) {
        while (p < e) {
            byte c = b[p];
            if (c > ' ' || c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return p;
            }
            p++;
        }
        return p;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /**
     * The rest of a string from i (on a byte that is not plain ASCII: a backslash, a control character, a non-ASCII
     * byte, or the end), re-escaped to o, through its closing quote.
     */
    private boolean stringTail() {
        byte[] b = in;
        byte[] w = out;
        int e = end;
        int p = i;
        int q = o;
        while (true) {
            while (p < e && b[p] >= 0x20 && b[p] != '"' && b[p] != '\\') {
                w[q++] = b[p++];
            }
            if (p >= e) {
                return false;
            }
            int c = b[p];
            if (c == '"') {
                w[q++] = '"';
                i = p + 1;
                o = q;
                return true;
            }
            if (c == '\\') {
                int ch = JsonBytes.escapedChar(b, p, e);
                if (ch < 0) {
                    return false;
                }
                p += b[p + 1] == 'u' ? 6 : 2;
                q = JsonOut.writeChar(w, q, ch);
            } else if (c < 0) {
                int n = Utf8.sequenceLength(b, p, e);
                if (n < 0) {
                    return false;
                }
                System.arraycopy(b, p, w, q, n);
                p += n;
                q += n;
            } else {
                return false; // a control character
            }
        }
    }
}
