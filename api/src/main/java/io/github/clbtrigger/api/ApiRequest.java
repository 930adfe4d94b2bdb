package io.github.clbtrigger.api;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One API call as received, independent of HTTP: what {@link ControlPlane#handle} needs.
 *
 * @param method  the HTTP method, e.g. {@code POST}
 * @param query   the raw query string, {@code ""} when none
 * @param headers the request headers, names lower-cased ({@code host}, {@code content-type}, {@code authorization},
 *                {@code x-tc-action}, {@code x-tc-version}, {@code x-tc-timestamp}, ...); one value each
 * @param body    the request body
 */
public record ApiRequest(String method, String query, Map<String, String> headers, byte[] body) {
    /**
     * Creates the value; header names are lower-cased and the map copied.
     *
     * @param method see {@link #method()}
     * @param query see {@link #query()}
     * @param headers see {@link #headers()}
     * @param body see {@link #body()}
     */
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        query = Objects.requireNonNullElse(query, "");
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
        Objects.requireNonNull(body, "body");
    }

    /**
     * A header's value.
     *
     * @param name the header name, lower-case
     * @return its value, or {@code null} when absent
     */
    public String header(String name) {
        return headers.get(name);
    }
}
