package io.github.clbtrigger.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * The codec's Jackson set-up: the one way a {@link JsonFactory} is configured (once, explicitly, never changed
 * afterwards; Jackson's global defaults are left alone), the read limits that are not settings, and how a parser's
 * position and errors are shown (a JSON path; a message without the redacted-source placeholder).
 */
final class JacksonSetup {

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

    private JacksonSetup() {
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
                JsonText.escapeInto(path, shown, '\'');
                path.append("']");
            }
        }
    }
}
