package io.github.clbtrigger.common;

import java.nio.charset.StandardCharsets;

/**
 * RFC 9110 syntax checks for what the front ends write themselves (header names and values, request targets,
 * redirect locations): nothing that fails them is ever put on the wire. Internal: see the package documentation.
 */
public final class HttpTokens {
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

    /**
     * A header name or method: one or more tchar ({@code !#$%&'*+-.^_`|~}, digits, letters).
     *
     * @param s the text, may be {@code null}
     * @return whether it is an RFC 9110 token
     */
    public static boolean isToken(String s) {
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

    /**
     * {@link #isToken(String)} of the ASCII text {@code bytes[start, end)}, without making a String.
     *
     * @param bytes the bytes
     * @param start the first index
     * @param end   the index after the last
     * @return whether the range is one or more tchar
     */
    public static boolean isToken(byte[] bytes, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            int c = bytes[i];
            long bits = c < 0 ? 0 : c < 64 ? TCHAR_LOW : TCHAR_HIGH;
            if ((bits >>> c & 1) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A header value that can be written as Latin-1 and cannot split a message: no control but tab, no DEL.
     *
     * @param s the value
     * @return whether it can be written as a field value
     */
    public static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    /**
     * The target with each character from U+0080 up percent-encoded as its UTF-8 bytes, as a browser sends it: the
     * bytes a client sent raw, which containers hand over decoded as UTF-8 (Jetty), go on as those bytes. Other
     * characters are left for {@link #isTarget} to judge.
     *
     * @param target the request target
     * @return the target with non-ASCII characters percent-encoded; the same string when it is all ASCII
     */
    public static String percentEncodeNonAscii(String target) {
        int i = 0;
        while (i < target.length() && target.charAt(i) < 0x80) {
            i++;
        }
        if (i == target.length()) {
            return target;
        }
        StringBuilder out = new StringBuilder(target.length() + 16).append(target, 0, i);
        for (byte b : target.substring(i).getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4 & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /**
     * A request target: visible ASCII only, starting with {@code /}.
     *
     * @param s the target
     * @return whether it can be written as an origin-form request target
     */
    public static boolean isTarget(String s) {
        return !s.isEmpty() && s.charAt(0) == '/' && isVisibleAscii(s);
    }

    /**
     * One or more visible ASCII characters ({@code !} to {@code ~}): a redirect {@code Location}, say.
     *
     * @param s the text, may be {@code null}
     * @return whether it is one or more visible ASCII characters
     */
    public static boolean isVisibleAscii(String s) {
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
