package io.github.clbtrigger.test;

import io.github.clbtrigger.codec.Header;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP response as the client gets it: status, header lines in order, body.
 *
 * <p>Over a socket ({@link ClbClient}) the headers are all the server sent, its own ({@code Date},
 * {@code Content-Length}...) included; in memory ({@link ClbHarness}) they are the function's (or, for CLB's own
 * answers, {@code Location} of a 301), which the server sends as they are.
 *
 * @param status  the status code
 * @param headers the header lines, in order; a name may repeat
 * @param body    the body, empty for none
 */
public record ClbResponse(int status, List<Header> headers, byte[] body) {

    /**
     * Copies the components.
     *
     * @param status  the status code
     * @param headers the header lines
     * @param body    the body
     */
    public ClbResponse {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    /**
     * The body; a copy.
     *
     * @return the body bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The first value of a header, its name compared without case.
     *
     * @param name the header name
     * @return its first value, or empty
     */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /**
     * Every value of a header, in order, its name compared without case.
     *
     * @param name the header name
     * @return the values, empty when there is none
     */
    public List<String> headerValues(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClbResponse r && status == r.status && headers.equals(r.headers)
                && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        String text = bodyText();
        return String.format(Locale.ROOT, "%d %s %s", status, headers,
                text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }
}
