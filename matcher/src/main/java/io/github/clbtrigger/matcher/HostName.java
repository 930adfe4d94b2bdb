package io.github.clbtrigger.matcher;

/**
 * The Host boundary: bounds and normalizes an untrusted Host value once, as nginx's {@code ngx_http_validate_host}
 * does. Optional whitespace around the value is trimmed; the port (after the first {@code :} outside an IPv6
 * literal) and one trailing dot are dropped; ASCII letters are lower-cased.
 *
 * <p>Refused (400), as nginx refuses them: an empty value, a value longer than {@value #MAX_LENGTH} characters
 * (nginx's 8 KiB header buffer), control characters, space, DEL, {@code /}, two consecutive dots, and a value that is
 * empty once port and trailing dot are dropped ({@code .}, {@code :80}). Bytes above 0x7F are kept.
 * Examples: {@code WWW.Example.COM.:8080} is {@code www.example.com}; {@code [::1]:8080} is {@code [::1]};
 * {@code a..b} is refused.
 */
final class HostName {
    /** The longest Host value accepted. */
    static final int MAX_LENGTH = 8184;

    private HostName() {
    }

    /** A checked Host: the normalized byte string, or why it was refused. */
    sealed interface Checked {
        /** A usable Host. */
        record Valid(String host) implements Checked {
        }

        /** A refused Host. */
        record Invalid(String reason) implements Checked {
        }
    }

    static Checked check(String raw) {
        int from = 0;
        int to = raw.length();
        while (from < to && (raw.charAt(from) == ' ' || raw.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (raw.charAt(to - 1) == ' ' || raw.charAt(to - 1) == '\t')) {
            to--;
        }
        if (from == to) {
            return new Checked.Invalid("empty Host");
        }
        if (to - from > MAX_LENGTH) {
            return new Checked.Invalid("Host longer than " + MAX_LENGTH + " characters");
        }
        String h = Bytes.of(from == 0 && to == raw.length() ? raw : raw.substring(from, to));
        return validate(h);
    }

    /**
     * The fast path of {@link #check}: when {@code raw} is a Host that needs nothing but its port dropped (ASCII,
     * no upper-case letter before the port, no space, control character, {@code /}, {@code [}, {@code ]}, two
     * consecutive dots or trailing dot), the normalized host is {@code raw.substring(0, n)}, and this returns
     * {@code n} in the low 32 bits and {@link RegionMap#hash} of the host in the high 32 bits; otherwise -1 (low 32
     * bits negative: test {@code (int) plain(raw) < 0}), and {@link #check} decides. Allocates nothing.
     *
     * <p>The pass over the host is a table lookup per char, with a branch only for the rare classes (a dot, the
     * {@code :} that ends the host, a char that needs the full check). The hash is {@link String#hashCode} when there
     * is no port (cached in the string after its first use), else the polynomial computed four chars a step, so that
     * the multiplies of one step do not wait for each other.
     */
    static long plain(String raw) {
        int len = raw.length();
        if (len == 0 || len > MAX_LENGTH) {
            return -1;
        }
        byte[] classes = HOST_CHARS;
        int dotPos = -2;
        int i = 0;
        for (; i < len; i++) { // the host
            char c = raw.charAt(i);
            byte k = c < 0x80 ? classes[c] : OTHER;
            if (k != PLAIN) {
                if (k == COLON) {
                    break;
                }
                if (k != DOT || dotPos == i - 1) {
                    return -1;
                }
                dotPos = i;
            }
        }
        int hostLen = i;
        for (; i < len; i++) { // the port, if any: checked, not normalized
            char c = raw.charAt(i);
            if (c == '.') {
                if (dotPos == i - 1) {
                    return -1;
                }
                dotPos = i;
            } else if (c <= ' ' || c >= 0x7f || c == '/' || c == '[' || c == ']') {
                return -1;
            }
        }
        if (hostLen == 0 || dotPos == hostLen - 1) {
            return -1;
        }
        int h = hostLen == len ? raw.hashCode() : polynomial(raw, hostLen);
        return (long) h << 32 | hostLen & 0xFFFF_FFFFL;
    }

    /** {@code raw.substring(0, n).hashCode()}, four chars a step. */
    private static int polynomial(String raw, int n) {
        int h = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            h = h * (31 * 31 * 31 * 31) + raw.charAt(i) * (31 * 31 * 31) + raw.charAt(i + 1) * (31 * 31)
                    + raw.charAt(i + 2) * 31 + raw.charAt(i + 3);
        }
        for (; i < n; i++) {
            h = 31 * h + raw.charAt(i);
        }
        return h;
    }

    private static final byte PLAIN = 0;
    private static final byte DOT = 1;
    private static final byte COLON = 2;
    private static final byte OTHER = 3;
    /** For {@link #plain}: the class of each ASCII character in a host; upper case is OTHER (it needs lower-casing). */
    private static final byte[] HOST_CHARS = new byte[0x80];

    static {
        for (int c = 0; c < 0x80; c++) {
            HOST_CHARS[c] = c <= ' ' || c == 0x7f || c == '/' || c == '[' || c == ']' || c >= 'A' && c <= 'Z' ? OTHER
                    : c == '.' ? DOT : c == ':' ? COLON : PLAIN;
        }
    }

    /** nginx's {@code ngx_http_validate_host} on a byte string. */
    static Checked validate(String h) {
        int len = h.length();
        int dotPos = len;
        int hostLen = len;
        int state = 0; // 0 usual, 1 literal, 2 rest
        for (int i = 0; i < len; i++) {
            char c = h.charAt(i);
            switch (c) {
                case '.' -> {
                    if (dotPos == i - 1) {
                        return new Checked.Invalid("Host has two consecutive dots");
                    }
                    dotPos = i;
                }
                case ':' -> {
                    if (state == 0) {
                        hostLen = i;
                        state = 2;
                    }
                }
                case '[' -> {
                    if (i == 0) {
                        state = 1;
                    }
                }
                case ']' -> {
                    if (state == 1) {
                        hostLen = i + 1;
                        state = 2;
                    }
                }
                default -> {
                    if (c < 0x20 || c == 0x7f || c == ' ' || c == '/') {
                        return new Checked.Invalid("Host contains a control character, space or '/'");
                    }
                }
            }
        }
        if (dotPos == hostLen - 1) {
            hostLen--;
        }
        if (hostLen <= 0) {
            return new Checked.Invalid("Host has no name");
        }
        return new Checked.Valid(Bytes.asciiLower(h, hostLen));
    }
}
