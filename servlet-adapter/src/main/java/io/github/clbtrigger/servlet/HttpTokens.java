package io.github.clbtrigger.servlet;

/** RFC 9110 syntax checks for what the filter writes itself: nothing that fails them is ever put on the wire. */
final class HttpTokens {
    /** The tchars among chars 0-63 and 64-127, one bit each: no search of the delimiter list per char. */
    private static final long TCHAR_LOW;
    private static final long TCHAR_HIGH;

    static {
        long low = 0;
        long high = 0;
        for (char c = 0x21; c < 0x7f; c++) {
            if ("()<>@,;:\\\"/[]?={}".indexOf(c) < 0) {
                if (c < 64) {
                    low |= 1L << c;
                } else {
                    high |= 1L << (c - 64);
                }
            }
        }
        TCHAR_LOW = low;
        TCHAR_HIGH = high;
    }

    private HttpTokens() {
    }

    /** A header name or method: one or more tchar ({@code !#$%&'*+-.^_`|~}, digits, letters). */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            long bits = c < 64 ? TCHAR_LOW : c < 128 ? TCHAR_HIGH : 0;
            if ((bits >>> c & 1) == 0) {   // the shift takes c's low six bits
                return false;
            }
        }
        return true;
    }

    /** A header value that can be written as Latin-1 and cannot split a message: no control but tab, no DEL. */
    static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** A request target: visible ASCII only, starting with {@code /}. */
    static boolean isTarget(String s) {
        return !s.isEmpty() && s.charAt(0) == '/' && isVisibleAscii(s);
    }

    /** One or more visible ASCII characters ({@code !} to {@code ~}): a redirect {@code Location}, say. */
    static boolean isVisibleAscii(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
