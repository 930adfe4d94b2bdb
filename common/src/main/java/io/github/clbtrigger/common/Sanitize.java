package io.github.clbtrigger.common;

/**
 * Bounds untrusted text before it reaches a log line, an error message or a response header: printable ASCII
 * only (everything else, CR and LF included, becomes {@code ?}), cut to a length with {@code ...}. A function
 * process's own output keeps its text but no control character ({@link #forLog}). Internal: see the package
 * documentation.
 */
public final class Sanitize {

    /** The longest {@code X-Clb-Debug-Reason} value. */
    public static final int MAX_DEBUG_REASON = 512;

    private Sanitize() {
    }

    /**
     * What went wrong, in one phrase for a log line or a debug reason: the exception's class and message, not yet
     * bounded (pass it through {@link #forMessage} or {@link #forHeader} where it goes out).
     *
     * @param t the failure, may be {@code null} (then {@code "no result"})
     * @return {@code class: message}, or the class alone when it has no message
     */
    public static String describe(Throwable t) {
        if (t == null) {
            return "no result";
        }
        String message = t.getMessage();
        return t.getClass().getName() + (message == null ? "" : ": " + message);
    }

    /**
     * Printable ASCII only (anything else becomes {@code ?}), cut to {@code max} characters with {@code ...}.
     *
     * @param s   the untrusted text, may be {@code null} (then {@code "null"})
     * @param max the most characters kept
     * @return the bounded text
     */
    public static String forMessage(String s, int max) {
        if (s == null) {
            return "null";
        }
        int n = Math.min(s.length(), max);
        StringBuilder b = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > max) {
            b.append("...");
        }
        return b.toString();
    }

    /**
     * A line a function process wrote, for the log: a tab becomes four spaces (stack traces indent with tabs), text
     * from U+00A0 up stays (a function may log in Chinese), and every other control or format character (CR, ESC,
     * bidirectional overrides) becomes {@code ?}; cut to {@code max} characters with {@code ...}.
     *
     * @param s   the line
     * @param max the most characters kept
     * @return the bounded line
     */
    public static String forLog(String s, int max) {
        int n = Math.min(s.length(), max);
        StringBuilder b = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (c == '\t') {
                b.append("    ");
            } else if (c >= 0x20 && c < 0x7f || c >= 0xa0 && type != Character.FORMAT && type != Character.CONTROL
                    && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR) {
                b.append(c);
            } else {
                b.append('?');
            }
        }
        if (s.length() > max) {
            b.append("...");
        }
        return b.toString();
    }

    /**
     * For {@code X-Clb-Debug-Reason}: no CR, LF or control characters, at most {@link #MAX_DEBUG_REASON} characters.
     *
     * @param s the reason
     * @return a header value
     */
    public static String forHeader(String s) {
        return forMessage(s, MAX_DEBUG_REASON - 3);
    }
}
