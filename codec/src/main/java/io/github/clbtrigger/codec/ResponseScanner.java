package io.github.clbtrigger.codec;

import io.github.clbtrigger.common.HttpTokens;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast reader of {@link ResponseDecoder}: a scanner that tokenizes a function value in one pass over its bytes,
 * without Jackson, into the {@link ResponseAssembler} it is (its superclass), whose rules decide (the Base64 body is
 * decoded by the JDK straight from the input array).
 *
 * <p>It is sound, not complete: it answers {@link Decided} only for a value that {@link JacksonResponseReader}
 * certainly accepts, with exactly the response that reader builds. It answers {@link Unsure} (and the caller runs
 * the Jackson reader, which decides and explains) for every value that is invalid, and also for valid ones outside
 * its scope: an unknown member whose value is an object or array, a member name with an escape or non-ASCII
 * character, an escaped surrogate, a string or name near a limit, more than {@value #MAX_HEADER_NAMES} header names.
 * Property tests run both readers on the same inputs and require the same response wherever this one decides.
 */
final class ResponseScanner extends JsonByteReader {

    /** What the scanner answers: the response, or that the Jackson reader must decide. */
    sealed interface Result permits Decided, Unsure {
    }

    /**
     * The value is valid, and this is the response the Jackson reader would build too.
     *
     * @param response the response to send
     */
    record Decided(HttpResponse response) implements Result {
    }

    /** The scanner does not decide: the value is invalid, or outside the scanner's scope. */
    enum Unsure implements Result {
        /** The one value. */
        INSTANCE
    }

    private static final byte[] STATUS_CODE = ascii("statusCode");
    private static final byte[] IS_BASE64_ENCODED = ascii("isBase64Encoded");
    private static final byte[] HEADERS = ascii("headers");
    private static final byte[] BODY = ascii("body");

    /** A headers object with more names than this is left to the Jackson path (names are compared linearly). */
    private static final int MAX_HEADER_NAMES = 64;

    private static final int SEEN_STATUS = 1;
    private static final int SEEN_BASE64 = 2;
    private static final int SEEN_HEADERS = 4;
    private static final int SEEN_BODY = 8;

    private ResponseScanner(byte[] in, int maxStringLength) {
        super(in, maxStringLength);
    }

    /** Scans {@code value}: the response the Jackson reader would build, or {@link Unsure} to let it decide. */
    static Result scan(byte[] value, Dialect dialect, int maxBodyBytes, int maxDepth, int maxStringLength) {
        HttpResponse response = new ResponseScanner(value, maxStringLength).value(dialect, maxBodyBytes, maxDepth);
        return response == null ? Unsure.INSTANCE : new Decided(response);
    }

    /**
     * Reads the whole value into this assembler, the position in the local {@code p}, and applies the rules: the
     * response, or {@code null} when the scanner does not take the value, which {@link #scan} turns into
     * {@link Unsure} at once. (This method is too large for C2 to inline, so a {@link Decided} made here would be a
     * heap object; made in {@code scan}, which is inlined into the decoder, it is not.) A refusal by the rules is
     * {@code null} too: the Jackson reader reaches the same refusal, and says where in the document. Each reading
     * method below takes the position of what it reads and returns the position after it, or -1 when the scanner does
     * not take it.
     */
    private HttpResponse value(Dialect dialect, int maxBodyBytes, int maxDepth) {
        int p = skipWs(0);
        if (p >= end || in[p] != '{') {
            return null;
        }
        p = skipWs(p + 1);
        if (p < end && in[p] == '}') {
            return null; // no statusCode
        }
        // The body's text, in bodyText[bodyStart, bodyEnd): the input itself, or a copy when it has escapes.
        byte[] bodyText = null;
        int bodyStart = 0;
        int bodyEnd = 0;
        int seen = 0;
        int[] unknown = null;
        int unknownCount = 0;
        while (true) {
            p = skipWs(p);
            int nameStart = p + 1;
            p = name(p);
            if (p < 0) {
                return null;
            }
            int nameEnd = p - 1;
            p = colon(p);
            if (p < 0) {
                return null;
            }
            byte c = in[p];
            int member = member(nameStart, nameEnd);
            if ((seen & member) != 0) {
                return null;
            }
            seen |= member;
            if (c == 'n' && member != 0) {
                p = literal(p); // null: as if the member were absent
            } else if (member == SEEN_STATUS) {
                p = statusCode(p);
            } else if (member == SEEN_BASE64) {
                isBase64Encoded(c == 't');
                p = c == 't' || c == 'f' ? literal(p) : -1;
            } else if (member == SEEN_HEADERS) {
                headersGiven();
                p = c == '{' ? headers(p, maxDepth) : -1;
            } else if (member == SEEN_BODY) {
                if (c != '"') {
                    return null;
                }
                // The text is never longer than the input after it starts: room for it all at once (the eight bytes
                // more keep unescape from growing the array near the end), then one copy of its length.
                bodyStart = p + 1;
                int at = Swar.firstSpecial(in, bodyStart, end, false);
                p = string(bodyStart, at, maxStringLength, end - bodyStart + 8);
                if (p == at + 1) { // the first byte to look at was the closing quote: the text is in the input
                    bodyText = in;
                    bodyEnd = at;
                } else if (p >= 0) {
                    bodyText = Arrays.copyOf(scratch, scratchLength);
                    bodyStart = 0;
                    bodyEnd = scratchLength;
                }
            } else {
                if (unknown == null) {
                    unknown = new int[8];
                }
                for (int k = 0; k < unknownCount; k += 2) {
                    if (Arrays.equals(in, unknown[k], unknown[k + 1], in, nameStart, nameEnd)) {
                        return null;
                    }
                }
                if (unknownCount == unknown.length) {
                    unknown = Arrays.copyOf(unknown, unknownCount * 2);
                }
                unknown[unknownCount++] = nameStart;
                unknown[unknownCount++] = nameEnd;
                p = scalar(p);
            }
            if (p < 0) {
                return null;
            }
            p = skipWs(p);
            if (p >= end) {
                return null;
            }
            byte next = in[p++];
            if (next == '}') {
                break;
            }
            if (next != ',') {
                return null;
            }
        }
        if (skipWs(p) != end) {
            return null;
        }
        try {
            return response(dialect, maxBodyBytes, bodyText, bodyStart, bodyEnd);
        } catch (Refusal refusal) {
            return null;
        }
    }

    /** Which of the four known members the name {@code in[start, stop)} is, by its length first; 0 for another. */
    private int member(int start, int stop) {
        return switch (stop - start) {
            case 10 -> sameAs(start, STATUS_CODE) ? SEEN_STATUS : 0;
            case 15 -> sameAs(start, IS_BASE64_ENCODED) ? SEEN_BASE64 : 0;
            case 7 -> sameAs(start, HEADERS) ? SEEN_HEADERS : 0;
            case 4 -> sameAs(start, BODY) ? SEEN_BODY : 0;
            default -> 0;
        };
    }

    /**
     * The status at p: an integer of three digits, set on this assembler when the rule accepts it; the position
     * after it, or -1.
     */
    private int statusCode(int p) {
        if (end - p < 3) {
            return -1;
        }
        int a = in[p] - '0';
        int b = in[p + 1] - '0';
        int c = in[p + 2] - '0';
        if (a < 1 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) {
            return -1;
        }
        int after = p + 3;
        if (after < end && (in[after] >= '0' && in[after] <= '9' || in[after] == '.' || in[after] == 'e'
                || in[after] == 'E')) {
            return -1;
        }
        try {
            statusCode(a * 100 + b * 10 + c, null);
        } catch (Refusal refusal) {
            return -1;
        }
        return after;
    }

    /**
     * Reads the headers object at p (on its brace) into this assembler; -1 when it is anything the fast path
     * does not take, including a name that is not plain ASCII without escapes. Names are checked on the input bytes
     * (token, duplicate, dropped) and become Strings once.
     *
     * <p>Kept under C2's size limit for inlining a hot method (325 bytecodes, {@code FreqInlineSize}), so that it is
     * compiled into {@link #value}: the parts that are not needed for every name ({@link #lineName},
     * {@link #headerValues} for an array) are methods of their own.
     */
    private int headers(int p, int maxDepth) {
        p = skipWs(p + 1);
        if (p < end && in[p] == '}') {
            return p + 1;
        }
        int[] names = new int[8];
        int nameCount = 0;
        while (true) {
            p = skipWs(p);
            int start = p + 1;
            p = nameCount == 2 * MAX_HEADER_NAMES ? -1 : name(p);
            int stop = p - 1;
            if (p < 0 || stop == start) {
                return -1;
            }
            // A name is a token (so plain ASCII without escapes) in quotes; a known one is checked by the lookup.
            String known = HeaderNames.known(in, start, stop);
            if (known == null && !HttpTokens.isToken(in, start, stop) || repeated(names, nameCount, start, stop)) {
                return -1;
            }
            if (nameCount == names.length) {
                names = Arrays.copyOf(names, nameCount * 2);
            }
            names[nameCount++] = start;
            names[nameCount++] = stop;
            String name = lineName(known, start, stop);
            p = colon(p);
            if (p < 0) {
                return -1;
            }
            if (in[p] == '"') {
                p = headerValue(p, name);
            } else {
                p = in[p] == '[' && maxDepth >= 3 ? headerValues(p, name) : -1;
            }
            p = p < 0 ? -1 : skipWs(p);
            if (p < 0 || p >= end) {
                return -1;
            }
            byte next = in[p++];
            if (next == '}') {
                return p;
            }
            if (next != ',') {
                return -1;
            }
        }
    }

    /**
     * The name the lines of the header {@code in[start, stop)} get: {@code known} if not null, else a new String, or
     * {@code null} for a dropped header (its values are read and checked, and not kept).
     */
    private String lineName(String known, int start, int stop) {
        if (known != null) {
            return known;
        }
        return ResponseAssembler.keeps(in, start, stop)
                ? new String(in, start, stop - start, StandardCharsets.ISO_8859_1) : null;
    }

    /** Whether the name {@code in[start, stop)} is one of the first {@code count / 2} names, kept as start, stop. */
    private boolean repeated(int[] names, int count, int start, int stop) {
        for (int k = 0; k < count; k += 2) {
            if (names[k + 1] - names[k] == stop - start && sameBytes(names[k], start, stop - start)) {
                return true;
            }
        }
        return false;
    }

    private boolean sameBytes(int a, int b, int length) {
        for (int k = 0; k < length; k++) {
            if (in[a + k] != in[b + k]) {
                return false;
            }
        }
        return true;
    }

    /** The array of header values at p (on its bracket), each a line named {@code name} (none when null). */
    private int headerValues(int p, String name) {
        p = skipWs(p + 1);
        if (p < end && in[p] == ']') {
            return p + 1;
        }
        while (true) {
            p = skipWs(p);
            p = p < end && in[p] == '"' ? headerValue(p, name) : -1;
            p = p < 0 ? -1 : skipWs(p);
            if (p < 0 || p >= end) {
                return -1;
            }
            byte next = in[p++];
            if (next == ']') {
                return p;
            }
            if (next != ',') {
                return -1;
            }
        }
    }

    /**
     * The header value at p (on its quote), added as a line named {@code name} unless that is {@code null}; -1 when
     * the string is malformed or holds a character not allowed.
     */
    private int headerValue(int p, String name) {
        int start = p + 1;
        int at = Swar.firstSpecial(in, start, end, true);
        if (at < end && in[at] == 0x7f) {
            return -1;
        }
        p = string(start, at, maxStringLength, at - start + 64);
        if (p < 0) {
            return -1;
        }
        String value;
        if (p == at + 1) {
            value = new String(in, start, at - start, StandardCharsets.ISO_8859_1);
        } else {
            value = new String(scratch, 0, scratchLength, StandardCharsets.UTF_8);
            if (ResponseAssembler.firstBadValueChar(value) >= 0) {
                return -1;
            }
        }
        if (name != null) {
            addLine(name, value);
        }
        return p;
    }
}
