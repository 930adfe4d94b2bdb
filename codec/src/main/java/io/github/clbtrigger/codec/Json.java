package io.github.clbtrigger.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * Jackson set-up and small JSON helpers. Every {@link JsonFactory} here is configured once, explicitly, and never
 * changed afterwards; Jackson's global defaults are left alone.
 */
final class Json {

    /**
     * For each byte value: whether a JSON string holds it as it is, with no closer look (printable ASCII and DEL,
     * but for the quote and the backslash). One load per byte in the decoder's unescaping loop.
     */
    static final boolean[] PLAIN_IN_STRING = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN_IN_STRING[c] = c != '"' && c != '\\';
        }
    }

    /**
     * Jackson's message for a parse error, without the placeholder it writes for the redacted source when it names
     * where a container started ({@code [Source: REDACTED (...); line: 1, column: 39]} becomes
     * {@code [line: 1, column: 39]}).
     *
     * @param e the error
     * @return its message for a person
     */
    static String message(com.fasterxml.jackson.core.JacksonException e) {
        return REDACTED_SOURCE.matcher(e.getOriginalMessage()).replaceAll("[");
    }

    private static final java.util.regex.Pattern REDACTED_SOURCE =
            java.util.regex.Pattern.compile("\\[Source: REDACTED \\([^)]*\\); ");

    /** Longest member name accepted anywhere, in chars. */
    static final int MAX_NAME_LENGTH = 65_536;

    /** Longest number accepted anywhere, in chars (Jackson's default, made explicit). */
    static final int MAX_NUMBER_LENGTH = 1000;

    private Json() {
    }

    /**
     * Creates an immutable factory with strict RFC 8259 parsing (Jackson's defaults: no comments, no trailing commas,
     * no NaN, no leading zeros) and the given read limits. Generators write every character outside ASCII as raw
     * UTF-8, supplementary ones included (Jackson would otherwise escape them as surrogate pairs); only an unpaired
     * surrogate, which has no UTF-8 form, stays a backslash-u escape. Streams handed to parsers and generators are
     * never closed.
     */
    static JsonFactory factory(int maxDepth, int maxStringLength, int maxNameLength, int maxNumberLength) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(maxStringLength)
                        .maxNameLength(maxNameLength)
                        .maxNumberLength(maxNumberLength)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(maxDepth + 2)
                        .build())
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
    }

    /**
     * Renders a parser position as a JSON path: {@code $}, {@code $.headers}, {@code $.headers.Set-Cookie[1]}.
     * A member name that is not an HTTP token is written quoted and escaped, {@code $['a b']}, so that a path never
     * carries control characters.
     */
    static String path(JsonStreamContext context) {
        if (context == null) {
            return "$";
        }
        StringBuilder path = new StringBuilder();
        appendPath(path, context);
        return path.toString();
    }

    private static void appendPath(StringBuilder path, JsonStreamContext context) {
        JsonStreamContext parent = context.getParent();
        if (parent == null || context.inRoot()) {
            path.append('$');
            return;
        }
        appendPath(path, parent);
        if (context.inArray()) {
            if (context.hasCurrentIndex()) {
                path.append('[').append(context.getCurrentIndex()).append(']');
            }
        } else if (context.inObject()) {
            String name = context.getCurrentName();
            if (name == null) {
                return;
            }
            if (HttpSyntax.isToken(name) && name.length() <= 256) {
                path.append('.').append(name);
            } else {
                path.append("['");
                String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
                escapeInto(path, shown, '\'');
                path.append("']");
            }
        }
    }

    /** Returns {@code text} as a JSON string literal, quotes included. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        escapeInto(out, text, '"');
        return out.append('"').toString();
    }

    private static void escapeInto(StringBuilder out, String text, char quote) {
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

    /**
     * The character of the backslash escape at {@code in[at]} (RFC 8259), or -1 when it is malformed, cut short by
     * {@code end}, or a {@code \}{@code u} escape of a surrogate. The escape is 6 bytes long when
     * {@code in[at + 1]} is {@code 'u'}, else 2. Shared by the encoder's and the decoder's string scanners.
     */
    static int escapedChar(byte[] in, int at, int end) {
        if (end - at < 2) {
            return -1;
        }
        switch (in[at + 1]) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (end - at < 6) {
                    return -1;
                }
                int c = 0;
                for (int k = at + 2; k < at + 6; k++) {
                    int h = Character.digit(in[k], 16);
                    if (h < 0) {
                        return -1;
                    }
                    c = c << 4 | h;
                }
                return Character.isSurrogate((char) c) ? -1 : c;
            default:
                return -1;
        }
    }

    /**
     * Where a JSON number ({@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}) starting at {@code i} ends,
     * or -1 when the bytes there are not one. Nothing after it is looked at.
     */
    static int numberEnd(byte[] in, int i, int end) {
        if (i < end && in[i] == '-') {
            i++;
        }
        if (i >= end) {
            return -1;
        }
        if (in[i] == '0') {
            i++;
        } else if ((i = digits(in, i, end)) < 0) {
            return -1;
        }
        if (i < end && in[i] == '.' && (i = digits(in, i + 1, end)) < 0) {
            return -1;
        }
        if (i < end && (in[i] == 'e' || in[i] == 'E')) {
            i++;
            if (i < end && (in[i] == '+' || in[i] == '-')) {
                i++;
            }
            if ((i = digits(in, i, end)) < 0) {
                return -1;
            }
        }
        return i;
    }

    /** Past one or more ASCII digits at {@code i}, or -1 when there is none. */
    private static int digits(byte[] in, int i, int end) {
        int start = i;
        while (i < end && in[i] >= '0' && in[i] <= '9') {
            i++;
        }
        return i > start ? i : -1;
    }
}
