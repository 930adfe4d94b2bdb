package io.github.clbtrigger.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The Host a request names. HTTP/1.x sends it as the {@code Host} header; HTTP/2 sends it as the {@code :authority}
 * pseudo-header, which containers parse into the server name and port but do not list among the headers. nginx
 * (so CLB) takes {@code :authority} as the Host of an HTTP/2 request, routes by it and passes it on as a
 * {@code host} header; so does the filter.
 */
final class RequestHost {

    private RequestHost() {
    }

    /**
     * The request's Host header; for an HTTP/2 request without one, its {@code :authority} as the container parsed
     * it ({@code name}, or {@code name:port} when the port is not the scheme's default). {@code null} when the
     * request names no host.
     */
    static String of(HttpServletRequest req) {
        String host = req.getHeader("Host");
        return host != null ? host : authority(req);
    }

    /**
     * For an HTTP/2 request without a {@code Host} header, its {@code :authority}, as {@link #of} describes; else
     * {@code null}: the Host header, if any, is among the request's headers already.
     */
    static String fromAuthority(HttpServletRequest req) {
        String authority = authority(req);
        return authority != null && req.getHeader("Host") == null ? authority : null;
    }

    /** An HTTP/2 request's authority as the container parsed it, or {@code null} (HTTP/1.x, or none). */
    private static String authority(HttpServletRequest req) {
        String protocol = req.getProtocol();
        if (protocol == null || !protocol.startsWith("HTTP/2")) {
            return null;
        }
        String name = req.getServerName();
        if (name == null || name.isEmpty()) {
            return null;
        }
        if (name.indexOf(':') >= 0 && name.charAt(0) != '[') {
            name = "[" + name + "]"; // an IPv6 literal, as a Host header writes it
        }
        int port = req.getServerPort();
        boolean defaultPort = port <= 0 || port == (req.isSecure() ? 443 : 80);
        return defaultPort ? name : name + ":" + port;
    }
}
