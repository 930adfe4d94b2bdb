package io.github.clbtrigger.codec;

import io.github.clbtrigger.common.HttpTokens;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;

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
        return io.github.clbtrigger.common.JacksonMessages.scrub(e.getOriginalMessage());
    }

    /** Longest member name accepted anywhere, in chars. */
    static final int MAX_NAME_LENGTH = 65_536;

    /** Longest number accepted anywhere, in chars (Jackson's default, made explicit). */
    static final int MAX_NUMBER_LENGTH = 1000;

    /** The oldest jackson-core the codec runs on: it sets the name and write limits (2.16 API). */
    static final Version FLOOR = new Version(2, 16, 0, null, "com.fasterxml.jackson.core", "jackson-core");

    /**
     * {@code JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8}, or {@code null} on a jackson-core older than 2.18,
     * which lacks it. Looked up by name: a direct reference would fail with {@link NoSuchFieldError} there.
     */
    private static final JsonWriteFeature COMBINE_SURROGATES = writeFeature("COMBINE_UNICODE_SURROGATES_IN_UTF8");

    private JacksonSetup() {
    }

    private static JsonWriteFeature writeFeature(String name) {
        for (JsonWriteFeature feature : JsonWriteFeature.values()) {
            if (feature.name().equals(name)) {
                return feature;
            }
        }
        return null;
    }

    /**
     * Fails with a message naming both versions when the jackson-core on the class path is older than
     * {@link #FLOOR}; called when an encoder or decoder is built, so that a too old Jackson (pinned by an
     * application's BOM, say) is found at start-up rather than at the first request.
     *
     * @param found the version of jackson-core in use, {@code PackageVersion.VERSION}
     * @throws IllegalStateException if jackson-core is too old
     */
    static void checkVersion(Version found) {
        if (found.compareTo(FLOOR) < 0) {
            throw new IllegalStateException("clb-trigger codec needs jackson-core " + FLOOR.getMajorVersion() + "."
                    + FLOOR.getMinorVersion() + " or later, but " + found + " is on the class path: align Jackson to "
                    + FLOOR.getMajorVersion() + "." + FLOOR.getMinorVersion() + "+ (e.g. the jackson-bom version)");
        }
    }

    /**
     * Creates an immutable factory with strict RFC 8259 parsing (Jackson's defaults: no comments, no trailing commas,
     * no NaN, no leading zeros) and the given read limits. Generators write every character outside ASCII as raw
     * UTF-8, supplementary ones included (Jackson would otherwise escape them as surrogate pairs); only an unpaired
     * surrogate, which has no UTF-8 form, stays a backslash-u escape. On Jackson 2.16 and 2.17, which cannot be told
     * so, {@link #writeName} and {@link #writeString} get the same bytes another way. Streams handed to parsers and
     * generators are never closed.
     *
     * @throws IllegalStateException if jackson-core is older than {@link #FLOOR}
     */
    static JsonFactory factory(int maxDepth, int maxStringLength, int maxNameLength, int maxNumberLength) {
        checkVersion(com.fasterxml.jackson.core.json.PackageVersion.VERSION);
        JsonFactoryBuilder builder = new JsonFactoryBuilder()
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
;
        if (COMBINE_SURROGATES != null) {
            builder.enable(COMBINE_SURROGATES);
        }
        return builder.build();
    }

    /**
     * Writes a member name as a generator of {@link #factory} does on Jackson 2.18+: a surrogate pair as one raw
     * UTF-8 sequence. Older Jackson escapes pairs in {@code writeFieldName(String)} but not in the
     * {@link SerializedString} form, which it is given for a name with a pair and no unpaired surrogate.
     */
    static void writeName(JsonGenerator out, String name) throws IOException {
        if (COMBINE_SURROGATES == null && pairsOnly(name)) {
            out.writeFieldName(new SerializedString(name));
        } else {
            out.writeFieldName(name);
        }
    }

    /** Writes a string value as {@link #writeName} writes a name. */
    static void writeString(JsonGenerator out, char[] text, int offset, int length) throws IOException {
        if (COMBINE_SURROGATES == null) {
            writeString(out, new String(text, offset, length));
        } else {
            out.writeString(text, offset, length);
        }
    }

    /** Writes a string value as {@link #writeName} writes a name. */
    static void writeString(JsonGenerator out, String text) throws IOException {
        if (COMBINE_SURROGATES == null && pairsOnly(text)) {
            out.writeString(new SerializedString(text));
        } else {
            out.writeString(text);
        }
    }

    /** Whether {@code text} holds a surrogate pair and no unpaired surrogate (only then older Jackson differs). */
    private static boolean pairsOnly(String text) {
        boolean pair = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                pair = true;
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return pair;
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
            if (HttpTokens.isToken(name) && name.length() <= 256) {
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
