package io.github.clbtrigger.codec;

/** JSON text helpers on Strings: quoting for messages and paths, well-formed UTF-16, log-safe details. */
final class JsonText {

    private JsonText() {
    }

    /** Returns {@code text} as a JSON string literal, quotes included. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        escapeInto(out, text, '"');
        return out.append('"').toString();
    }

    static void escapeInto(StringBuilder out, String text, char quote) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogateAt(text, i)) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
    }

    private static boolean validSurrogateAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    /**
     * Replaces unpaired surrogates with U+FFFD so that the text can be written as UTF-8. Returns {@code text} itself
     * when there is nothing to replace (the common case, no allocation).
     */
    static String wellFormed(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && !(Character.isSurrogate(text.charAt(i)) && !validSurrogateAt(text, i))) {
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder out = new StringBuilder(n).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            out.append(Character.isSurrogate(c) && !validSurrogateAt(text, i) ? '\uFFFD' : c);
        }
        return out.toString();
    }

    /** Makes a message safe to log: control characters become {@code ?}, and it is cut at 300 chars. */
    static String safeDetail(String message) {
        String text = message == null ? "" : message;
        StringBuilder out = new StringBuilder(Math.min(text.length(), 303));
        for (int i = 0; i < text.length() && out.length() < 300; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (text.length() > 300) {
            out.append("...");
        }
        return out.toString();
    }

}
