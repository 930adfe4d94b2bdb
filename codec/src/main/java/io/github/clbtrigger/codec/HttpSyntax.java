package io.github.clbtrigger.codec;

/** RFC 7230 syntax checks, shared by the encoder and the decoder. */
final class HttpSyntax {

    /** For each ASCII character: whether it is a {@code tchar}. */
    private static final boolean[] TCHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TCHARS[c] = isTchar(c);
        }
    }

    private HttpSyntax() {
    }

    /** {@link #isToken} of the ASCII text {@code bytes[start, end)}, without making a String. */
    static boolean isToken(byte[] bytes, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            int c = bytes[i];
            if (c < 0 || !TCHARS[c]) {
                return false;
            }
        }
        return true;
    }

    /** {@code token = 1*tchar} (RFC 7230 section 3.2.6). */
    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTchar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTchar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /**
     * Returns the index of the first character not allowed in a header value, or -1. Allowed: horizontal tab,
     * visible ASCII, space, and every character from U+0080 up (RFC 7230 obs-text, widened to all of Unicode).
     * Refused: NUL, CR, LF, the other C0 controls, and DEL.
     */
    static int firstBadValueChar(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    /** Lower-cases ASCII letters only: HTTP names and media types are case-insensitive in ASCII alone. */
    static String lower(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = name.toCharArray();
                for (int k = i; k < chars.length; k++) {
                    if (chars[k] >= 'A' && chars[k] <= 'Z') {
                        chars[k] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return name;
    }

    /**
     * Whether {@code name} with its ASCII letters lower-cased equals {@code lower}, which is lower case already:
     * {@code lower(name).equals(lower)} without the copy.
     */
    static boolean equalsLowerAscii(String name, String lower) {
        int n = lower.length();
        if (name.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether two names are equal ignoring the case of ASCII letters only: {@code lower(a).equals(lower(b))}. */
    static boolean equalsIgnoreAsciiCase(String a, String b) {
        int n = a.length();
        if (b.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 'A' && x <= 'Z') {
                    x += 'a' - 'A';
                }
                if (y >= 'A' && y <= 'Z') {
                    y += 'a' - 'A';
                }
                if (x != y) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Strips RFC 7230 optional whitespace (spaces and tabs) from both ends. */
    static String stripOws(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(start, end);
    }
}
