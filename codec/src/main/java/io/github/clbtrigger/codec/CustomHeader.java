package io.github.clbtrigger.codec;

import java.util.Optional;

/**
 * The optional headers a CLB layer-7 listener adds to the trigger event once its custom configuration enables them.
 *
 * <p>The declaration order is the order in which enabled headers appear in the event, after the headers CLB always
 * adds. Whether enabled or not, a client can never send these names itself: the {@link EventEncoder} drops them.
 */
public enum CustomHeader {
    /** {@code X-Vip}: the CLB virtual IP address the request arrived at (nginx {@code $server_addr}). */
    X_VIP("X-Vip"),
    /** {@code X-Vport}: the listener port (CLB {@code $vport}). */
    X_VPORT("X-Vport"),
    /** {@code X-Uri}: the normalized request path without query (nginx {@code $uri}). */
    X_URI("X-Uri"),
    /** {@code X-Method}: the request method (nginx {@code $request_method}). */
    X_METHOD("X-Method"),
    /** {@code X-Real-Port}: the client's source port (nginx {@code $remote_port}). */
    X_REAL_PORT("X-Real-Port");

    private final String headerName;

    CustomHeader(String headerName) {
        this.headerName = headerName;
    }

    /**
     * Returns the header name as CLB spells it.
     *
     * @return the header name, e.g. {@code "X-Vip"}
     */
    public String headerName() {
        return headerName;
    }

    /**
     * Finds the custom header with the given name, ignoring case.
     *
     * @param name a header name such as {@code "x-real-port"}; {@code null} finds nothing
     * @return the custom header, or empty when the name is not one of the five
     */
    public static Optional<CustomHeader> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = HttpSyntax.lower(HttpSyntax.stripOws(name));
        for (CustomHeader header : values()) {
            if (HttpSyntax.lower(header.headerName).equals(wanted)) {
                return Optional.of(header);
            }
        }
        return Optional.empty();
    }
}
