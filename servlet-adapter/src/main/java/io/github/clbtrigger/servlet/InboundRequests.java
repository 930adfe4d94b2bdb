package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.InboundRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * A servlet request as the codec sees it ({@link InboundRequest}): its header lines in order (an HTTP/2 request's
 * {@code :authority} first, as a {@code host} line, when it sent no Host header), {@code HTTP/2} spelled
 * {@code HTTP/2.0} as CLB's event does, the client's and the listener's addresses.
 */
final class InboundRequests {

    private InboundRequests() {
    }

    /**
     * The request, with the matcher's normalized path.
     *
     * @param req        the servlet request
     * @param uri        nginx's {@code $uri} as the matcher normalized it
     * @param receivedAt when the request arrived
     */
    static InboundRequest of(HttpServletRequest req, String uri, Instant receivedAt) {
        List<Header> headers = new ArrayList<>(16);
        String authority = RequestHost.fromAuthority(req);
        if (authority != null) {
            headers.add(new Header("host", authority));
        }
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements(); ) {
                headers.add(new Header(name, values.nextElement()));
            }
        }
        String protocol = req.getProtocol();
        if (protocol == null || protocol.equals("HTTP/2")) {
            protocol = "HTTP/2.0";
        }
        return new InboundRequest(req.getMethod(), uri, req.getScheme().toLowerCase(Locale.ROOT), protocol,
                String.valueOf(req.getRemoteAddr()), Math.max(0, req.getRemotePort()),
                String.valueOf(req.getLocalAddr()), Math.max(0, req.getLocalPort()), headers, receivedAt);
    }
}
