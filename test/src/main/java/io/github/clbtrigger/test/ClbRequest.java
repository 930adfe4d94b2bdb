package io.github.clbtrigger.test;

import io.github.clbtrigger.codec.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request to send through CLB, for either path: {@link ClbClient#send(ClbRequest)} writes it to a socket,
 * {@link ClbHarness#exchange(ClbRequest)} hands it to the same routing and functions in memory. Immutable; built by
 * {@link #get}, {@link #post} or {@link #request}:
 *
 * <pre>{@code
 * ClbRequest request = ClbRequest.post("/hello").host("api.example.com").json("{\"name\":\"Ada\"}").build();
 * }</pre>
 *
 * <p>What goes on the wire, in this order: the request line ({@code METHOD target HTTP/1.1}), {@code Host} (default
 * {@code localhost}; {@link Builder#noHost()} sends none), the headers given, then {@code Content-Length} when there
 * is a body or the method is {@code POST}, {@code PUT} or {@code PATCH}. The in-memory path gives the function the
 * same header lines, so the two paths' events are alike but for {@code X-Stgw-Time}.
 *
 * @param method   the method, e.g. {@code GET}
 * @param target   the request-target exactly as sent, e.g. {@code /api/orders?id=7}
 * @param host     the Host header, empty for none
 * @param listener the {@code ListenerId} to send to, empty for the configuration's only HTTP/HTTPS listener
 * @param headers  the header lines after Host, in order; a name may repeat
 * @param body     the body, empty for none
 */
public record ClbRequest(String method, String target, Optional<String> host, Optional<String> listener,
        List<Header> headers, byte[] body) {

    /**
     * Checks and copies the components: method, target and header names and values must be single lines of
     * printable text (what an HTTP/1.1 request line and header line can carry).
     *
     * @param method   the method
     * @param target   the request-target
     * @param host     the Host header, or empty
     * @param listener the ListenerId, or empty
     * @param headers  the header lines
     * @param body     the body
     */
    public ClbRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(listener, "listener");
        headers = List.copyOf(headers);
        body = body.clone();
        line("method", method);
        line("target", target);
        host.ifPresent(h -> line("host", h));
        for (Header h : headers) {
            line("header name", h.name());
            line("header value", h.value());
        }
    }

    /**
     * A GET request.
     *
     * @param target the request-target, e.g. {@code /hello?x=1}
     * @return a builder
     */
    public static Builder get(String target) {
        return new Builder("GET", target);
    }

    /**
     * A POST request.
     *
     * @param target the request-target
     * @return a builder
     */
    public static Builder post(String target) {
        return new Builder("POST", target);
    }

    /**
     * A request of any method.
     *
     * @param method the method, e.g. {@code PUT}
     * @param target the request-target
     * @return a builder
     */
    public static Builder request(String method, String target) {
        return new Builder(method, target);
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
     * Every header line as sent: Host first (when there is one), the given headers, then {@code Content-Length}.
     *
     * @return the header lines
     */
    public List<Header> wireHeaders() {
        List<Header> all = new ArrayList<>(headers.size() + 2);
        host.ifPresent(h -> all.add(new Header("Host", h)));
        all.addAll(headers);
        if (body.length > 0 || List.of("POST", "PUT", "PATCH").contains(method)) {
            all.add(new Header("Content-Length", Integer.toString(body.length)));
        }
        return all;
    }

    byte[] bodyBytes() {
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClbRequest r && method.equals(r.method) && target.equals(r.target)
                && host.equals(r.host) && listener.equals(r.listener) && headers.equals(r.headers)
                && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, target, host, listener, headers, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return method + " " + target + host.map(h -> " Host: " + h).orElse("") + listener.map(l -> " (" + l + ")")
                .orElse("") + (body.length == 0 ? "" : " [" + body.length + " bytes]");
    }

    private static void line(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
                throw new IllegalArgumentException(what + " must be one line of ISO-8859-1 text, has "
                        + String.format(Locale.ROOT, "U+%04X", (int) c) + " at " + i);
            }
        }
    }

    /** Builds a {@link ClbRequest}. */
    public static final class Builder {
        private final String method;
        private final String target;
        private Optional<String> host = Optional.of("localhost");
        private Optional<String> listener = Optional.empty();
        private final List<Header> headers = new ArrayList<>();
        private byte[] body = new byte[0];

        private Builder(String method, String target) {
            this.method = Objects.requireNonNull(method, "method");
            this.target = Objects.requireNonNull(target, "target");
        }

        /**
         * The Host header; default {@code localhost}.
         *
         * @param host the value, e.g. {@code api.example.com} or {@code localhost:8080}
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Optional.of(host);
            return this;
        }

        /**
         * No Host header (an HTTP/1.1 server answers 400; the in-memory path routes it to the default domain).
         *
         * @return this builder
         */
        public Builder noHost() {
            this.host = Optional.empty();
            return this;
        }

        /**
         * The listener to send to, for a configuration with more than one HTTP/HTTPS listener.
         *
         * @param listenerId its {@code ListenerId}
         * @return this builder
         */
        public Builder listener(String listenerId) {
            this.listener = Optional.of(listenerId);
            return this;
        }

        /**
         * Adds a header line (after those added before; a name may repeat).
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        /**
         * The body, as bytes.
         *
         * @param body the bytes
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = body.clone();
            return this;
        }

        /**
         * The body, as UTF-8 text.
         *
         * @param text the text
         * @return this builder
         */
        public Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * A JSON body: the text as UTF-8 and {@code Content-Type: application/json}.
         *
         * @param json the JSON text
         * @return this builder
         */
        public Builder json(String json) {
            return header("Content-Type", "application/json").body(json);
        }

        /**
         * The request.
         *
         * @return the request
         * @throws IllegalArgumentException a part cannot be sent as HTTP/1.1 text
         */
        public ClbRequest build() {
            return new ClbRequest(method, target, host, listener, headers, body);
        }
    }
}
