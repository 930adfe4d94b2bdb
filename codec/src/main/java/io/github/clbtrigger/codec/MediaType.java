package io.github.clbtrigger.codec;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * CLB's Base64 rule for request bodies, decided from the {@code Content-Type} header.
 *
 * <p>"If the Content-type is text/*, application/json, application/javascript, or application/xml, CLB will not
 * transcode the body content. For all other types, CLB will Base64-encode them first." The list is taken literally:
 * {@code application/problem+json} or {@code image/svg+xml} are "other types".
 */
final class MediaType {

    /** How a body goes into the event. */
    enum BodyKind {
        /** {@code application/json}: embedded as a JSON value when it parses, else as text. */
        JSON,
        /** {@code text/*}, {@code application/javascript}, {@code application/xml}: a string. */
        TEXT,
        /** Everything else, and no Content-Type: Base64. */
        BINARY
    }

    private MediaType() {
    }

    /** The type and subtype, lower-cased, without parameters: {@code "application/json"}; "" for none. */
    static String essence(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return HttpSyntax.lower(HttpSyntax.stripOws(type));
    }

    static BodyKind kind(String contentType) {
        String essence = essence(contentType);
        if (essence.equals("application/json")) {
            return BodyKind.JSON;
        }
        if (essence.startsWith("text/") && essence.length() > "text/".length()
                || essence.equals("application/javascript") || essence.equals("application/xml")) {
            return BodyKind.TEXT;
        }
        return BodyKind.BINARY;
    }

    /** The {@code charset} parameter as a Charset; UTF-8 when absent, malformed or unknown to the JVM. */
    static Charset charset(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = HttpSyntax.stripOws(parts[i]);
            int equals = parameter.indexOf('=');
            String key = HttpSyntax.lower(HttpSyntax.stripOws(parameter.substring(0, Math.max(equals, 0))));
            if (equals < 0 || !key.equals("charset")) {
                continue;
            }
            String name = HttpSyntax.stripOws(parameter.substring(equals + 1));
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            try {
                return Charset.forName(name);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }
}
