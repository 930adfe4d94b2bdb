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

    /**
     * The {@code charset} parameter as a Charset; UTF-8 when absent, malformed or unknown to the JVM. Parameters are
     * read as RFC 9110 writes them, {@code ; name=token} or {@code ; name="quoted string"}: a {@code ;} or
     * {@code charset=} inside a quoted value belongs to that value.
     */
    static Charset charset(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        int n = contentType.length();
        int i = contentType.indexOf(';');
        while (i >= 0) {
            int nameStart = i + 1;
            int j = nameStart;
            while (j < n && contentType.charAt(j) != ';' && contentType.charAt(j) != '=') {
                j++;
            }
            if (j == n || contentType.charAt(j) == ';') {
                i = j == n ? -1 : j;   // a parameter without a value
                continue;
            }
            String name = HttpSyntax.lower(HttpSyntax.stripOws(contentType.substring(nameStart, j)));
            int k = j + 1;
            while (k < n && (contentType.charAt(k) == ' ' || contentType.charAt(k) == '\t')) {
                k++;
            }
            String value;
            if (k < n && contentType.charAt(k) == '"') {
                StringBuilder quoted = new StringBuilder();
                for (k++; k < n && contentType.charAt(k) != '"'; k++) {
                    if (contentType.charAt(k) == '\\' && k + 1 < n) {
                        k++;
                    }
                    quoted.append(contentType.charAt(k));
                }
                value = quoted.toString();
                i = contentType.indexOf(';', Math.min(k + 1, n));
            } else {
                i = contentType.indexOf(';', k);
                value = HttpSyntax.stripOws(contentType.substring(k, i < 0 ? n : i));
            }
            if (name.equals("charset")) {
                try {
                    return Charset.forName(value);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
