package io.github.clbtrigger.codec;

/**
 * The header-value check the encoder and the decoder share; the token check is {@code common}'s
 * {@link io.github.clbtrigger.common.HttpTokens}.
 */
final class HttpSyntax {

    private HttpSyntax() {
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
