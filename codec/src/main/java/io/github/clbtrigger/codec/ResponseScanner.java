package io.github.clbtrigger.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast reader of {@link ResponseDecoder}: a scanner that tokenizes a function value in one pass over its bytes,
 * without Jackson, and hands the members to a {@link ResponseAssembler}, whose rules decide (the Base64 body is
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

    private final ResponseAssembler members;

    private ResponseScanner(byte[] in, int maxStringLength, ResponseAssembler members) {
        super(in, maxStringLength);
        this.members = members;
    }

    /** Scans {@code value}: the response the Jackson reader would build, or {@link Unsure} to let it decide. */
    static Result scan(byte[] value, Dialect dialect, int maxBodyBytes, int maxDepth, int maxStringLength) {
        ResponseAssembler members = new ResponseAssembler(dialect, maxBodyBytes);
        if (!new ResponseScanner(value, maxStringLength, members).value(maxDepth)) {
            return Unsure.INSTANCE;
        }
        try {
            return new Decided(members.response());
        } catch (ResponseAssembler.Refusal refusal) {
            return Unsure.INSTANCE; // the Jackson reader reaches the same refusal, and says where in the document
        }
    }

    /**
     * Reads the whole value into {@link #members}, the position in the local {@code p}: {@code false} when the scanner
     * does not take it. Each reading method below takes the position of what it reads and returns the position after
     * it, or -1 when the scanner does not take it.
     */
    private boolean value(int maxDepth) {
        int p = skipWs(0);
        if (p >= end || in[p] != '{') {
            return false;
        }
        p = skipWs(p + 1);
        if (p < end && in[p] == '}') {
            return false; // no statusCode
        }
        int seen = 0;
        int[] unknown = null;
        int unknownCount = 0;
        while (true) {
            p = skipWs(p);
            int nameStart = p + 1;
            p = name(p);
            if (p < 0) {
                return false;
            }
            int nameEnd = p - 1;
            p = colon(p);
            if (p < 0) {
                return false;
            }
            byte c = in[p];
            int member = member(nameStart, nameEnd);
            if ((seen & member) != 0) {
                return false;
            }
            seen |= member;
            if (c == 'n' && member != 0) {
                p = literal(p); // null: as if the member were absent
            } else if (member == SEEN_STATUS) {
                p = statusCode(p);
            } else if (member == SEEN_BASE64) {
                members.isBase64Encoded(c == 't');
                p = c == 't' || c == 'f' ? literal(p) : -1;
            } else if (member == SEEN_HEADERS) {
                members.headersGiven();
                p = c == '{' ? headers(p, maxDepth) : -1;
            } else if (member == SEEN_BODY) {
                p = c == '"' ? body(p) : -1;
            } else {
                if (unknown == null) {
                    unknown = new int[8];
                }
                for (int k = 0; k < unknownCount; k += 2) {
                    if (Arrays.equals(in, unknown[k], unknown[k + 1], in, nameStart, nameEnd)) {
                        return false;
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
                return false;
            }
            p = skipWs(p);
            if (p >= end) {
                return false;
            }
            byte next = in[p++];
            if (next == '}') {
                break;
            }
            if (next != ',') {
                return false;
            }
        }
        return skipWs(p) == end;
    }

    /**
     * The body string at p (on its quote). Its text is never longer than the input after it starts: room for it all
     * at once (the eight bytes more keep {@link #unescape} from growing the array near the end); text without escapes
     * is handed over as the slice of the input, text with escapes as one copy of its length.
     */
    private int body(int p) {
        int start = p + 1;
        int at = Swar.firstSpecial(in, start, end, false);
        p = string(start, at, maxStringLength, end - start + 8);
        if (p < 0) {
            return -1;
        }
        if (p == at + 1) { // the first byte to look at was the closing quote: the text is in the input
            members.body(in, start, at);
        } else {
            members.body(Arrays.copyOf(scratch, scratchLength), 0, scratchLength);
        }
        return p;
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
     * The status at p: an integer of three digits, set on {@link #members} when the rule accepts it; the position
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
            members.statusCode(a * 100 + b * 10 + c, null);
        } catch (ResponseAssembler.Refusal refusal) {
            return -1;
        }
        return after;
    }

    /**
     * Reads the headers object at p (on its brace) into {@link #members}; -1 when it is anything the fast path
     * does not take, including a name that is not plain ASCII without escapes. Names are checked on the input bytes
     * (token, duplicate, dropped) and become Strings once.
     *
     * <p>Kept under C2's size limit for inlining a hot method (325 bytecodes, {@code FreqInlineSize}), so that it is
     * compiled into {@link #response}: the parts that are not needed for every name ({@link #lineName},
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
            if (known == null && !HttpSyntax.isToken(in, start, stop) || repeated(names, nameCount, start, stop)) {
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
            members.addLine(name, value);
        }
        return p;
    }
}
