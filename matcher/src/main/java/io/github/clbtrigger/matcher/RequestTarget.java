package io.github.clbtrigger.matcher;

import java.util.Arrays;

/**
 * The request-target boundary: parses and normalizes an untrusted request-target once, exactly as nginx does
 * ({@code ngx_http_parse_request_line} then {@code ngx_http_parse_complex_uri}, with {@code merge_slashes on}).
 *
 * <p>Accepted forms: origin-form {@code /path?query} and absolute-form {@code scheme://host[:port][/path][?query]}
 * (any scheme; the host is {@code [A-Za-z0-9.-]} or an IPv6 literal; an empty path is {@code /}; this host then
 * replaces the Host header). Anything else ({@code *}, {@code host:port}, {@code path}) is refused.
 *
 * <p>Normalization of the path:
 * <ul>
 *   <li>{@code %XX} is decoded, and the decoded byte takes part in the steps below ({@code %2F} is a slash,
 *       {@code %2E%2E} a parent reference), except that decoded {@code %} {@code ?} {@code #} are plain bytes
 *       ({@code %2541} is {@code %41}, never {@code A});
 *   <li>repeated slashes are merged; {@code .} segments are removed; {@code ..} removes the previous segment, and
 *       climbing above the root is refused;
 *   <li>the query is what follows the first raw {@code ?}, up to a raw {@code #}; a raw {@code #} ends the path;
 *   <li>{@code \}, {@code ;}, {@code +} and bytes above 0x7F are ordinary bytes.
 * </ul>
 * Refused (400): {@code %} not followed by two hex digits, {@code %00}, raw control characters, space and DEL,
 * targets longer than {@value #MAX_LENGTH} characters (nginx answers 414 there). Examples: {@code /a/./b//c/../d}
 * is {@code /a/b/d}; {@code /a%2F..%2Fb} is {@code /b}; {@code /..} and {@code /a%zz} are refused.
 */
final class RequestTarget {
    /** The longest request-target accepted (nginx's 8 KiB request-line buffer). */
    static final int MAX_LENGTH = 8192;

    private RequestTarget() {
    }

    /** A parsed request-target. */
    sealed interface Parsed {
        /**
         * A normalized target.
         *
         * @param path  the normalized path, a byte string
         * @param query the raw query (between the first {@code ?} and {@code #}), a byte string, {@code ""} if none
         * @param host  the host of an absolute-form target, already validated and normalized, else {@code ""}
         */
        record Ok(String path, String query, String host) implements Parsed {
        }

        /** A refused target; the reason never quotes the input. */
        record Bad(String reason) implements Parsed {
        }
    }

    static Parsed parse(String target) {
        if (target == null || target.isEmpty()) {
            return new Parsed.Bad("empty request-target");
        }
        if (target.length() > MAX_LENGTH) {
            return new Parsed.Bad("request-target longer than " + MAX_LENGTH + " characters");
        }
        String s = Bytes.of(target);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return new Parsed.Bad("control character or space in the request-target at offset " + i);
            }
        }
        char c0 = s.charAt(0);
        if (c0 == '/') {
            return normalize(s, 0, false, "");
        }
        if (!(c0 >= 'a' && c0 <= 'z' || c0 >= 'A' && c0 <= 'Z')) {
            return new Parsed.Bad("request-target is neither origin-form (/path) nor absolute-form (scheme://host/path)");
        }
        return absolute(s);
    }

    /**
     * The fast path of {@link #parse}: when {@code target} is an origin-form target that normalization leaves as it
     * is (ASCII, no control character or space, no {@code %} or {@code #}, no {@code //}, {@code /.} or {@code /..}),
     * its path is {@code target[0, n)} and its query {@code target[n + 1, length)}, where {@code n} is the index of
     * the first {@code ?} or the length; this returns {@code n}, otherwise -1, and {@link #parse} decides. The path
     * and query are then their own text ({@link Bytes#toText} would return them unchanged). One pass, allocates
     * nothing.
     *
     * <p>The pass is a table lookup per char, indexed by the char itself (a table of all 65,536 chars: no range
     * test, which measured 14.5 against 20 ns on a 21-char path for a 129-entry table indexed by
     * {@code min(c, 0x80)}, and 26 ns for a test and branch per char), with a branch only for the rare classes (a
     * slash, a dot, the end of the path, a char that needs the full parse). It does not hash: {@link Server#find}
     * hashes the path only when some key has its length (the products of a position-weighted hash, fused into this
     * pass, measured 2&ndash;3 ns of its 20&ndash;24 ns on a 21-char path, paid by every request).
     */
    static int plain(String target) {
        int n = target.length();
        if (n == 0 || n > MAX_LENGTH || target.charAt(0) != '/') {
            return -1;
        }
        byte[] classes = PATH_CHARS;
        boolean afterSlash = true;
        for (int i = 1; i < n; i++) {
            char c = target.charAt(i);
            byte k = classes[c];
            if (k != PLAIN_CHAR) {
                if (k == QUERY_CHAR) {
                    for (int j = i + 1; j < n; j++) {
                        char q = target.charAt(j);
                        if (q <= ' ' || q >= 0x7f || q == '#') {
                            return -1;
                        }
                    }
                    return i;
                }
                if (k == OTHER_CHAR || afterSlash) { // refused, escaped, or "//", "/." or "/.."
                    return -1;
                }
            }
            afterSlash = k == SLASH_CHAR;
        }
        return n;
    }

    private static final byte PLAIN_CHAR = 0;
    private static final byte SLASH_CHAR = 1;
    private static final byte DOT_CHAR = 2;
    private static final byte QUERY_CHAR = 3;
    private static final byte OTHER_CHAR = 4;
    /**
     * For {@link #plain}: the class of every char in a path, 64 KiB of which a path of ASCII reads the first 128
     * bytes; OTHER_CHAR (every char from 0x80 up, among others) means "needs the full parse".
     */
    private static final byte[] PATH_CHARS = new byte[0x10000];

    static {
        Arrays.fill(PATH_CHARS, OTHER_CHAR);
        for (int c = 0; c < 0x80; c++) {
            PATH_CHARS[c] = c <= ' ' || c == 0x7f || c == '%' || c == '#' ? OTHER_CHAR
                    : c == '/' ? SLASH_CHAR : c == '.' ? DOT_CHAR : c == '?' ? QUERY_CHAR : PLAIN_CHAR;
        }
    }

    private static Parsed absolute(String s) {
        int n = s.length();
        int i = 1;
        while (i < n && isSchemeChar(s.charAt(i))) {
            i++;
        }
        if (i + 2 >= n || s.charAt(i) != ':' || s.charAt(i + 1) != '/' || s.charAt(i + 2) != '/') {
            return new Parsed.Bad("request-target is neither origin-form (/path) nor absolute-form (scheme://host/path)");
        }
        i += 3;
        int hostStart = i;
        if (i < n && s.charAt(i) == '[') {
            i++;
            while (i < n && s.charAt(i) != ']') {
                char c = s.charAt(i);
                if (!(isAlnum(c) || ":-._~!$&'()*+,;=".indexOf(c) >= 0)) {
                    return new Parsed.Bad("invalid character in the IPv6 literal of the request-target at offset " + i);
                }
                i++;
            }
            if (i == n) {
                return new Parsed.Bad("unterminated IPv6 literal in the request-target");
            }
            i++;
        } else {
            while (i < n && (isAlnum(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '-')) {
                i++;
            }
        }
        int hostEnd = i;
        if (i < n && s.charAt(i) == ':') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
        }
        if (i < n && s.charAt(i) != '/' && s.charAt(i) != '?') {
            return new Parsed.Bad("invalid character in the host or port of the request-target at offset " + i);
        }
        HostName.Checked host = HostName.validate(s.substring(hostStart, hostEnd));
        if (host instanceof HostName.Checked.Invalid bad) {
            return new Parsed.Bad("invalid host in the request-target: " + bad.reason());
        }
        String h = ((HostName.Checked.Valid) host).host();
        if (i == n || s.charAt(i) == '?') {
            return normalize(s, i, true, h);
        }
        return normalize(s, i, false, h);
    }

    private static boolean isSchemeChar(char c) {
        return isAlnum(c) || c == '+' || c == '-' || c == '.';
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** True when the path part needs nginx's complex parse; otherwise it is already normal. */
    private static boolean complex(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '?') {
                // the query may hold anything but '#'
                return s.indexOf('#', i) >= 0;
            }
            if (c == '%' || c == '#') {
                return true;
            }
            if ((c == '/' || c == '.') && i > from && s.charAt(i - 1) == '/') {
                return true;
            }
        }
        return false;
    }

    private static final int USUAL = 0;
    private static final int SLASH = 1;
    private static final int DOT = 2;
    private static final int DOT_DOT = 3;
    private static final int QUOTED = 4;
    private static final int QUOTED_SECOND = 5;

    /** nginx's {@code ngx_http_parse_complex_uri}, merge_slashes on, on the byte string {@code s} from {@code from}. */
    private static Parsed normalize(String s, int from, boolean emptyPath, String host) {
        int end = s.length();
        if (!emptyPath && !complex(s, from)) {
            int q = s.indexOf('?', from);
            if (q < 0) {
                return new Parsed.Ok(from == 0 ? s : s.substring(from), "", host);
            }
            return new Parsed.Ok(s.substring(from, q), s.substring(q + 1), host);
        }
        char[] u = new char[end - from + 2];
        int w = 0;
        if (emptyPath) {
            u[w++] = '/';
        }
        int state = USUAL;
        int quotedState = USUAL;
        int decoded = 0;
        int p = from;
        int argsStart = -1;
        boolean jumped = false;
        int ch = at(s, p++);
        loop:
        while (p <= end) {
            switch (state) {
                case USUAL -> {
                    switch (ch) {
                        case '/' -> {
                            state = SLASH;
                            u[w++] = '/';
                        }
                        case '%' -> {
                            quotedState = state;
                            state = QUOTED;
                        }
                        case '?' -> {
                            argsStart = p;
                            jumped = true;
                            break loop;
                        }
                        case '#' -> {
                            jumped = true;
                            break loop;
                        }
                        default -> u[w++] = (char) ch;
                    }
                    ch = at(s, p++);
                }
                case SLASH -> {
                    switch (ch) {
                        case '/' -> {
                            // merged
                        }
                        case '.' -> {
                            state = DOT;
                            u[w++] = '.';
                        }
                        case '%' -> {
                            quotedState = state;
                            state = QUOTED;
                        }
                        case '?' -> {
                            argsStart = p;
                            jumped = true;
                            break loop;
                        }
                        case '#' -> {
                            jumped = true;
                            break loop;
                        }
                        default -> {
                            state = USUAL;
                            u[w++] = (char) ch;
                        }
                    }
                    ch = at(s, p++);
                }
                case DOT -> {
                    switch (ch) {
                        case '/' -> {
                            state = SLASH;
                            w--;
                        }
                        case '.' -> {
                            state = DOT_DOT;
                            u[w++] = '.';
                        }
                        case '%' -> {
                            quotedState = state;
                            state = QUOTED;
                        }
                        case '?' -> {
                            w--;
                            argsStart = p;
                            jumped = true;
                            break loop;
                        }
                        case '#' -> {
                            w--;
                            jumped = true;
                            break loop;
                        }
                        default -> {
                            state = USUAL;
                            u[w++] = (char) ch;
                        }
                    }
                    ch = at(s, p++);
                }
                case DOT_DOT -> {
                    switch (ch) {
                        case '/', '?', '#' -> {
                            w -= 4;
                            while (true) {
                                if (w < 0) {
                                    return new Parsed.Bad("'..' climbs above the root");
                                }
                                if (u[w] == '/') {
                                    w++;
                                    break;
                                }
                                w--;
                            }
                            if (ch == '?') {
                                argsStart = p;
                                jumped = true;
                                break loop;
                            }
                            if (ch == '#') {
                                jumped = true;
                                break loop;
                            }
                            state = SLASH;
                        }
                        case '%' -> {
                            quotedState = state;
                            state = QUOTED;
                        }
                        default -> {
                            state = USUAL;
                            u[w++] = (char) ch;
                        }
                    }
                    ch = at(s, p++);
                }
                case QUOTED -> {
                    int d = hex(ch);
                    if (d < 0) {
                        return new Parsed.Bad("'%' not followed by two hex digits at offset " + (p - 2));
                    }
                    decoded = d;
                    state = QUOTED_SECOND;
                    ch = at(s, p++);
                }
                default -> { // QUOTED_SECOND
                    int d = hex(ch);
                    if (d < 0) {
                        return new Parsed.Bad("'%' not followed by two hex digits at offset " + (p - 3));
                    }
                    ch = (decoded << 4) + d;
                    if (ch == 0) {
                        return new Parsed.Bad("%00 in the request-target");
                    }
                    if (ch == '%' || ch == '#' || ch == '?') {
                        state = USUAL;
                        u[w++] = (char) ch;
                        ch = at(s, p++);
                    } else {
                        state = quotedState;
                    }
                }
            }
        }
        if (!jumped) {
            if (state == QUOTED || state == QUOTED_SECOND) {
                return new Parsed.Bad("'%' not followed by two hex digits at the end");
            }
            if (state == DOT) {
                w--;
            } else if (state == DOT_DOT) {
                w -= 4;
                while (true) {
                    if (w < 0) {
                        return new Parsed.Bad("'..' climbs above the root");
                    }
                    if (u[w] == '/') {
                        w++;
                        break;
                    }
                    w--;
                }
            }
        }
        String query = "";
        if (argsStart >= 0) {
            int hash = s.indexOf('#', argsStart);
            query = s.substring(argsStart, hash < 0 ? end : hash);
        }
        return new Parsed.Ok(new String(u, 0, w), query, host);
    }

    /** The byte at {@code i}, or a space past the end (nginx reads the request line's terminator there). */
    private static int at(String s, int i) {
        return i < s.length() ? s.charAt(i) : ' ';
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        if (l >= 'a' && l <= 'f') {
            return l - 'a' + 10;
        }
        return -1;
    }
}
