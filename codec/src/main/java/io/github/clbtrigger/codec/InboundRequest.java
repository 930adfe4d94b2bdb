package io.github.clbtrigger.codec;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the load balancer knows about a request except its body: what the {@link EventEncoder} needs to build
 * the CLB trigger event.
 *
 * <p>The header list is copied. The constructor throws {@link NullPointerException} for any {@code null} (also inside
 * the header list), and {@link IllegalArgumentException} when the scheme is not exactly {@code "http"} or
 * {@code "https"} or a port is outside 0 to 65535.
 *
 * @param method     the request method, e.g. {@code "POST"} (sent as {@code X-Method})
 * @param uri        the normalized path without query, nginx {@code $uri}, e.g. {@code "/scf_location"}
 *                   (sent as {@code X-Uri})
 * @param scheme     {@code "http"} or {@code "https"} (sent as {@code X-Client-Proto} and {@code X-Forwarded-Proto})
 * @param protocol   the client's protocol version, e.g. {@code "HTTP/1.1"} or {@code "HTTP/2.0"}
 *                   (sent as {@code X-Client-Proto-Ver})
 * @param clientIp   the client's address (sent as {@code X-Real-IP} and appended to {@code X-Forwarded-For})
 * @param clientPort the client's source port, 0 to 65535 (sent as {@code X-Real-Port})
 * @param vip        the listener's address (sent as {@code X-Vip})
 * @param vport      the listener's port, 0 to 65535 (sent as {@code X-Vport})
 * @param headers    the client's header lines in the order received; a name may repeat
 * @param receivedAt when the request arrived (sent as {@code X-Stgw-Time})
 */
public record InboundRequest(
        String method,
        String uri,
        String scheme,
        String protocol,
        String clientIp,
        int clientPort,
        String vip,
        int vport,
        List<Header> headers,
        Instant receivedAt) {

    /**
     * Creates the value, checked as described above.
     *
     * @param method     the request method, e.g. {@code "POST"} (sent as {@code X-Method})
     * @param uri        the normalized path without query, nginx {@code $uri} (sent as {@code X-Uri})
     * @param scheme     {@code "http"} or {@code "https"}
     * @param protocol   the client's protocol version, e.g. {@code "HTTP/1.1"}
     * @param clientIp   the client's address (sent as {@code X-Real-IP} and appended to {@code X-Forwarded-For})
     * @param clientPort the client's source port, 0 to 65535 (sent as {@code X-Real-Port})
     * @param vip        the listener's address (sent as {@code X-Vip})
     * @param vport      the listener's port, 0 to 65535 (sent as {@code X-Vport})
     * @param headers    the client's header lines in the order received; a name may repeat
     * @param receivedAt when the request arrived (sent as {@code X-Stgw-Time})
     */
    public InboundRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(clientIp, "clientIp");
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(receivedAt, "receivedAt");
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("scheme must be \"http\" or \"https\", was \"" + scheme + "\"");
        }
        checkPort("clientPort", clientPort);
        checkPort("vport", vport);
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0 to 65535, was " + port);
        }
    }
}
