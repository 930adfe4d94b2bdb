package io.github.clbtrigger.codec;

import java.util.Objects;

/**
 * One HTTP header line: the name with its case as received and the value as received.
 *
 * <p>A {@code Header} is a plain value. It only refuses {@code null}s and an empty name; whether a name is an HTTP
 * token or a value is safe to send is decided where the header crosses a trust boundary (the
 * {@link ResponseDecoder} checks what a function returns). The constructor throws {@link NullPointerException} for a
 * {@code null} name or value and {@link IllegalArgumentException} for an empty name.
 *
 * @param name  the header name, never empty, e.g. {@code "Set-Cookie"}
 * @param value the header value, possibly empty, e.g. {@code "a=1; Path=/"}
 */
public record Header(String name, String value) {

    /**
     * Creates the value, checked as described above.
     *
     * @param name  the header name, never empty, e.g. {@code "Set-Cookie"}
     * @param value the header value, possibly empty, e.g. {@code "a=1; Path=/"}
     */
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
    }
}
