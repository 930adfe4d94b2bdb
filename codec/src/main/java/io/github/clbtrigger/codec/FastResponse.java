package io.github.clbtrigger.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The fast path of {@link ResponseDecoder}: one pass over the bytes of a function value, no Jackson, the Base64 body
 * decoded by the JDK straight from the input array.
 *
 * <p>It is sound, not complete: {@link #read} returns a response only for a value that the Jackson path certainly
 * accepts, and then exactly the response that path builds. It returns {@code null} — and the caller runs the Jackson
 * path, which decides and explains — for every value that is invalid, and also for valid ones outside its scope: an
 * unknown member whose value is an object or array, a member name with an escape or non-ASCII character, an escaped
 * surrogate, a string or name near a limit, a body that is Base64 with escapes in it. A property test runs both
 * paths on the same inputs.
 */
final class FastResponse {


    private static final byte[] STATUS_CODE = ascii("statusCode");
    private static final byte[] IS_BASE64_ENCODED = ascii("isBase64Encoded");
    private static final byte[] HEADERS = ascii("headers");
    private static final byte[] BODY = ascii("body");

    /** A headers object with more names than this is left to the Jackson path (names are compared linearly). */
    private static final int MAX_HEADER_NAMES = 64;

    private static final Header[] NO_HEADERS = {};

    private static final int SEEN_STATUS = 1;
    private static final int SEEN_BASE64 = 2;
    private static final int SEEN_HEADERS = 4;
    private static final int SEEN_BODY = 8;

    private final byte[] in;
    private final int end;
    private final int maxStringLength;
    private final int maxNameLength;
    private int i;

    /** The text of the last string read by {@link #string}: in the input when simple, else UTF-8 in scratch. */
    private byte[] scratch;
    private int scratchLength;
    private boolean simple;
    private int stringStart;
    private int stringEnd;

    /** The header lines kept by {@link #headers}: the first {@link #headerCount}. */
    private Header[] headerLines;
    private int headerCount;

    private FastResponse(byte[] in, int maxStringLength) {
        this.in = in;
        this.end = in.length;
        this.maxStringLength = maxStringLength;
        this.maxNameLength = Math.min(maxStringLength, Json.MAX_NAME_LENGTH);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Returns the response the Jackson path would return for {@code value}, or {@code null} to let it decide.
     */
    static HttpResponse read(byte[] value, Dialect dialect, int maxBodyBytes, int maxDepth, int maxStringLength) {
        return new FastResponse(value, maxStringLength).response(dialect, maxBodyBytes, maxDepth);
    }

    private HttpResponse response(Dialect dialect, int maxBodyBytes, int maxDepth) {
        skipWs();
        if (i >= end || in[i] != '{') {
            return null;
        }
        i++;
        int seen = 0;
        int status = -1;
        Boolean base64 = null;
        int bodyStart = -1;
        int bodyEnd = -1;
        byte[] bodyText = null;
        int[] unknown = null;
        int unknownCount = 0;
        skipWs();
        if (i < end && in[i] == '}') {
            return null; // no statusCode
        }
        while (true) {
            skipWs();
            if (!name()) {
                return null;
            }
            int nameStart = stringStart;
            int nameEnd = stringEnd;
            skipWs();
            if (i >= end || in[i] != ':') {
                return null;
            }
            i++;
            skipWs();
            if (i >= end) {
                return null;
            }
            byte c = in[i];
            int member = member(nameStart, nameEnd);
            if ((seen & member) != 0) {
                return null;
            }
            seen |= member;
            if (member == SEEN_STATUS) {
                if (c == 'n') {
                    if (!literal(Literal.NULL)) {
                        return null;
                    }
                } else {
                    status = statusCode();
                    if (status < 0) {
                        return null;
                    }
                }
            } else if (member == SEEN_BASE64) {
                if (c == 't' && literal(Literal.TRUE)) {
                    base64 = Boolean.TRUE;
                } else if (c == 'f' && literal(Literal.FALSE)) {
                    base64 = Boolean.FALSE;
                } else if (c != 'n' || !literal(Literal.NULL)) {
                    return null;
                }
            } else if (member == SEEN_HEADERS) {
                if (c == 'n') {
                    if (!literal(Literal.NULL)) {
                        return null;
                    }
                } else if (!headers(maxDepth)) {
                    return null;
                }
            } else if (member == SEEN_BODY) {
                if (c == 'n') {
                    if (!literal(Literal.NULL)) {
                        return null;
                    }
                } else {
                    if (c != '"') {
                        return null;
                    }
                    int start = ++i;
                    // The text is never longer than the input after it starts: room for it all at once (the eight
                    // bytes more keep unescape from growing the array near the end), then one copy of its length.
                    int at = Swar.firstSpecial(in, start, end, false);
                    if (!string(start, at, maxStringLength, end - start + 8)) {
                        return null;
                    }
                    if (simple) {
                        bodyStart = stringStart;
                        bodyEnd = stringEnd;
                    } else {
                        bodyText = Arrays.copyOf(scratch, scratchLength);
                    }
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
                if (!scalar()) {
                    return null;
                }
            }
            int more = afterValue((byte) '}');
            if (more < 0) {
                return null;
            }
            if (more == 0) {
                break;
            }
        }
        skipWs();
        if (i != end || status < 0) {
            return null;
        }
        boolean isBase64 = base64 == null ? dialect.base64ByDefault() : base64;
        byte[] body;
        if (bodyText != null) {
            if (isBase64) {
                return null;
            }
            body = bodyText;
        } else if (bodyStart < 0) {
            body = new byte[0];
        } else if (isBase64) {
            body = base64(bodyStart, bodyEnd, maxBodyBytes);
            if (body == null) {
                return null;
            }
        } else {
            body = Arrays.copyOfRange(in, bodyStart, bodyEnd);
        }
        if (body.length > maxBodyBytes) {
            return null;
        }
        return HttpResponse.owning(status, headerLines == null ? NO_HEADERS : headerLines, headerCount, body);
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

    private boolean sameAs(int start, byte[] word) {
        for (int k = 0; k < word.length; k++) {
            if (in[start + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    /** Strict Base64 of {@code in[start, stop)} (all ASCII, no escapes), or {@code null}. */
    private byte[] base64(int start, int stop, int maxBodyBytes) {
        long length = Base64Strict.decodedLength(in, start, stop);
        if (length < 0 || length > maxBodyBytes) {
            return null;
        }
        try {
            ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(in, start, stop - start));
            byte[] bytes = decoded.array();
            if (decoded.arrayOffset() != 0 || decoded.position() != 0 || decoded.limit() != length) {
                return null;
            }
            return bytes.length == length ? bytes : Arrays.copyOf(bytes, (int) length);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A 3-digit status from 100 to 599 at i, or -1. */
    private int statusCode() {
        if (end - i < 3) {
            return -1;
        }
        int a = in[i] - '0';
        int b = in[i + 1] - '0';
        int c = in[i + 2] - '0';
        if (a < 1 || a > 5 || b < 0 || b > 9 || c < 0 || c > 9) {
            return -1;
        }
        i += 3;
        if (i < end && (in[i] >= '0' && in[i] <= '9' || in[i] == '.' || in[i] == 'e' || in[i] == 'E')) {
            return -1;
        }
        return a * 100 + b * 10 + c;
    }

    /**
     * Reads the headers object at i into {@link #headerLines}; {@code false} when it is anything the fast path does
     * not take, including a name that is not plain ASCII without escapes. Names are checked on the input bytes
     * (token, duplicate, dropped) and become Strings once.
     */
    private boolean headers(int maxDepth) {
        if (in[i] != '{') {
            return false;
        }
        i++;
        skipWs();
        if (i < end && in[i] == '}') {
            i++;
            return true;
        }
        Header[] headers = new Header[8];
        int count = 0;
        int[] names = new int[8];
        int nameCount = 0;
        while (true) {
            skipWs();
            if (nameCount == 2 * MAX_HEADER_NAMES || !name() || stringEnd == stringStart) {
                return false;
            }
            // A name is a token (so plain ASCII without escapes) in quotes; a known one is checked by the lookup.
            int start = stringStart;
            int stop = stringEnd;
            String known = HeaderNames.known(in, start, stop);
            if (known == null && !HttpSyntax.isToken(in, start, stop)) {
                return false;
            }
            for (int k = 0; k < nameCount; k += 2) {
                if (names[k + 1] - names[k] == stop - start && sameBytes(names[k], start, stop - start)) {
                    return false;
                }
            }
            if (nameCount == names.length) {
                names = Arrays.copyOf(names, nameCount * 2);
            }
            names[nameCount++] = start;
            names[nameCount++] = stop;
            boolean keep = known != null || !HttpSyntax.isDroppedResponseHeader(in, start, stop);
            String name = known != null || !keep ? known
                    : new String(in, start, stop - start, StandardCharsets.ISO_8859_1);
            skipWs();
            if (i >= end || in[i] != ':') {
                return false;
            }
            i++;
            skipWs();
            if (i >= end) {
                return false;
            }
            if (in[i] == '"') {
                String value = headerValue();
                if (value == null) {
                    return false;
                }
                if (keep) {
                    if (count == headers.length) {
                        headers = Arrays.copyOf(headers, count * 2);
                    }
                    headers[count++] = new Header(name, value);
                }
            } else if (in[i] == '[') {
                if (maxDepth < 3) {
                    return false;
                }
                i++;
                skipWs();
                if (i < end && in[i] == ']') {
                    i++;
                } else {
                    while (true) {
                        skipWs();
                        String value = i < end && in[i] == '"' ? headerValue() : null;
                        if (value == null) {
                            return false;
                        }
                        if (keep) {
                            if (count == headers.length) {
                                headers = Arrays.copyOf(headers, count * 2);
                            }
                            headers[count++] = new Header(name, value);
                        }
                        int more = afterValue((byte) ']');
                        if (more < 0) {
                            return false;
                        }
                        if (more == 0) {
                            break;
                        }
                    }
                }
            } else {
                return false;
            }
            int more = afterValue((byte) '}');
            if (more < 0) {
                return false;
            }
            if (more == 0) {
                headerLines = headers;
                headerCount = count;
                return true;
            }
        }
    }

    private boolean sameBytes(int a, int b, int length) {
        for (int k = 0; k < length; k++) {
            if (in[a + k] != in[b + k]) {
                return false;
            }
        }
        return true;
    }

    /** A header value: the string at i, or {@code null} when it is malformed or holds a character not allowed. */
    private String headerValue() {
        int start = ++i;
        int at = Swar.firstSpecial(in, start, end, true);
        if (at < end && in[at] == 0x7f || !string(start, at, maxStringLength, at - start + 64)) {
            return null;
        }
        if (simple) {
            return new String(in, start, at - start, StandardCharsets.ISO_8859_1);
        }
        String value = new String(scratch, 0, scratchLength, StandardCharsets.UTF_8);
        return HttpSyntax.firstBadValueChar(value) >= 0 ? null : value;
    }

    /** A member name at i: a plain ASCII string without escapes, within the name limit. */
    private boolean name() {
        if (i >= end || in[i] != '"') {
            return false;
        }
        int start = i + 1;
        int at = Swar.firstSpecial(in, start, end, false);
        return at < end && in[at] == '"' && string(start, at, maxNameLength, 0);
    }

    /**
     * Reads the string at i (on its opening quote). When it is printable ASCII without escapes, {@link #simple} is
     * set and the text is {@code in[stringStart, stringEnd)}; otherwise its UTF-8 text is in {@link #scratch}.
     * Returns {@code false} for a malformed string, an escaped surrogate, or a string longer than {@code limit} bytes
     * in the input.
     */
    private boolean string(int limit) {
        int start = ++i;
        int at = Swar.firstSpecial(in, start, end, false);
        return string(start, at, limit, at - start + 64);
    }

    /**
     * {@link #string(int)} once {@link Swar#firstSpecial} has found {@code at}, the first byte from {@code start}
     * to look at; {@code capacity} is the room to start with in {@link #scratch}.
     */
    private boolean string(int start, int at, int limit, int capacity) {
        if (at < end && in[at] == '"') {
            if (at - start > limit) {
                return false;
            }
            simple = true;
            stringStart = start;
            stringEnd = at;
            i = at + 1;
            return true;
        }
        simple = false;
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
    private boolean unescape(int start, int p, int o, int limit) {
        byte[] b = in;
        int e = end;
        byte[] w = scratch;
        while (true) {
            int stop = Math.min(e, p + (w.length - o - 8));
            while (p < stop) {
                // A run of plain bytes, written at a fixed distance behind: the loop's one index needs one check.
                int behind = p - o;
                int c = b[p];
                while (Json.PLAIN_IN_STRING[c & 0xff]) {
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
                    if (p - start > limit) {
                        return false;
                    }
                    i = p + 1;
                    scratchLength = o;
                    return true;
                } else if (c == '\\') {
                    if (p + 1 < e && (b[p + 1] == '"' || b[p + 1] == '\\' || b[p + 1] == '/')) {
                        w[o++] = b[p + 1];
                        p += 2;
                        continue;
                    }
                    int ch = Json.escapedChar(b, p, e);
                    if (ch < 0) {
                        return false;
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
                        return false;
                    }
                    for (int k = 0; k < n; k++) {
                        w[o++] = b[p++];
                    }
                } else {
                    return false; // a control character
                }
            }
            if (p >= e) {
                return false;
            }
            w = Arrays.copyOf(w, w.length * 2);
        }
    }

    /**
     * After a member or an element: skips whitespace and reads the separator. Returns 1 for {@code ,} (another
     * follows), 0 for {@code close} (the container ends), -1 for anything else or the end of the input.
     */
    private int afterValue(byte close) {
        skipWs();
        if (i >= end) {
            return -1;
        }
        byte next = in[i++];
        return next == ',' ? 1 : next == close ? 0 : -1;
    }

    /** An unknown member's value: a string, number or literal (containers are left to the Jackson path). */
    private boolean scalar() {
        byte c = in[i];
        if (c == '"') {
            return string(maxStringLength);
        }
        if (c == 't') {
            return literal(Literal.TRUE);
        }
        if (c == 'f') {
            return literal(Literal.FALSE);
        }
        if (c == 'n') {
            return literal(Literal.NULL);
        }
        if (c == '-' || c >= '0' && c <= '9') {
            return number();
        }
        return false;
    }

    /** A number (JSON's grammar, {@link Json#numberEnd}) of at most {@value Json#MAX_NUMBER_LENGTH} characters. */
    private boolean number() {
        int after = Json.numberEnd(in, i, end);
        if (after < 0 || after - i > Json.MAX_NUMBER_LENGTH) {
            return false;
        }
        i = after;
        return true;
    }

    private enum Literal {
        TRUE("true"), FALSE("false"), NULL("null");

        final byte[] bytes;

        Literal(String text) {
            this.bytes = ascii(text);
        }
    }

    private boolean literal(Literal literal) {
        byte[] word = literal.bytes;
        if (end - i < word.length || !sameAs(i, word)) {
            return false;
        }
        i += word.length;
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
}
