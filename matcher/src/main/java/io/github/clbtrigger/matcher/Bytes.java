package io.github.clbtrigger.matcher;

import java.nio.charset.StandardCharsets;

/**
 * Byte strings: untrusted text is handled as nginx handles it, byte by byte. A byte string is a {@link String}
 * whose every char is one byte (0–255); wire text with characters above 0x7F is taken as their UTF-8 bytes. Regexes
 * match byte strings one char per byte, as PCRE does without UTF mode.
 */
final class Bytes {
    private Bytes() {
    }

    /** The byte string of {@code text}: {@code text} itself when it is ASCII. */
    static String of(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return text;
    }

    /** The text a byte string encodes, read as UTF-8 (malformed sequences become U+FFFD): itself when ASCII. */
    static String toText(String bytes) {
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.charAt(i) >= 0x80) {
                return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return bytes;
    }

    /**
     * A byte string for an HTTP header or a log line: visible ASCII is kept, every other byte and {@code %}
     * {@code ?} {@code #} become {@code %XX}; {@code unescape(escape(b))} is {@code b}.
     */
    static String escape(String bytes) {
        return escape(bytes, true);
    }

    /** As {@link #escape(String)} for a raw query: {@code %} and {@code ?} are kept, they are already wire text. */
    static String escapeQuery(String bytes) {
        return escape(bytes, false);
    }

    private static String escape(String bytes, boolean path) {
        StringBuilder sb = null;
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            boolean plain = c > 0x20 && c < 0x7f && (!path || c != '%' && c != '?') && c != '#';
            if (!plain && sb == null) {
                sb = new StringBuilder(bytes.length() + 16).append(bytes, 0, i);
            }
            if (sb != null) {
                if (plain) {
                    sb.append(c);
                } else {
                    sb.append('%').append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                }
            }
        }
        return sb == null ? bytes : sb.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Lower-cases ASCII letters only, as nginx does; returns {@code s} itself when there is nothing to change. */
    static String asciiLower(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] out = new char[end];
                s.getChars(0, end, out, 0);
                for (int j = i; j < end; j++) {
                    char d = out[j];
                    if (d >= 'A' && d <= 'Z') {
                        out[j] = (char) (d + ('a' - 'A'));
                    }
                }
                return new String(out);
            }
        }
        return end == s.length() ? s : s.substring(0, end);
    }
}
