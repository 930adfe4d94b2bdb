package io.github.clbtrigger.test;

import io.github.clbtrigger.cli.ClbServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A small HTTP/1.1 client for the listeners of a {@link ClbServer} (or any base URL): sends a {@link ClbRequest}
 * with exactly its header lines, Host included, and returns the {@link ClbResponse}. One connection per request;
 * thread-safe. The JUnit extension ({@link ClbTrigger}) injects one; without JUnit, {@link #of(ClbServer)}.
 *
 * <pre>{@code
 * ClbResponse response = clb.send(ClbRequest.post("/hello").json("{\"name\":\"Ada\"}").build());
 * ClbResponse page = clb.get("/hello");
 * }</pre>
 *
 * <p>It is not {@code java.net.http}: that client will not send a Host header of the caller's choosing, and CLB
 * routes by Host. HTTPS listeners are reached over TLS trusting their certificate whatever it is (the local
 * listeners' self-signed one): a client for tests, not for the network.
 */
public final class ClbClient {

    private final Function<Optional<String>, URI> bases;
    private final Duration timeout;

    private ClbClient(Function<Optional<String>, URI> bases, Duration timeout) {
        this.bases = bases;
        this.timeout = timeout;
    }

    /**
     * A client for a running server's listeners: a request goes to its {@link ClbRequest#listener()}, or to the
     * server's only HTTP/HTTPS listener.
     *
     * @param server the server
     * @return the client, with a 30-second timeout
     */
    public static ClbClient of(ClbServer server) {
        Objects.requireNonNull(server, "server");
        return new ClbClient(listener -> server.uri(listener.orElseGet(() -> only(server.listenerIds()))),
                Duration.ofSeconds(30));
    }

    /**
     * A client for one base URL, {@code http://127.0.0.1:8080/} say (a server started some other way: a sample's
     * {@code createServer}, {@code clb serve --ports-file}); a request's {@link ClbRequest#listener()} is ignored.
     *
     * @param base scheme, host and port
     * @return the client, with a 30-second timeout
     */
    public static ClbClient of(URI base) {
        Objects.requireNonNull(base, "base");
        return new ClbClient(listener -> base, Duration.ofSeconds(30));
    }

    /**
     * The same client with another timeout, for connecting and for each read.
     *
     * @param timeout positive
     * @return a new client
     */
    public ClbClient withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new ClbClient(bases, timeout);
    }

    /**
     * Sends a request and reads the whole response.
     *
     * @param request the request
     * @return the response
     * @throws UncheckedIOException the connection failed, timed out, or the answer was not HTTP
     */
    public ClbResponse send(ClbRequest request) {
        URI base = bases.apply(request.listener());
        try {
            return HttpWire.exchange(base, request, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(request + " to " + base + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends a request given in parts.
     *
     * @param method        the method
     * @param listenerOrUrl a {@code ListenerId}, or a base URL ({@code http://127.0.0.1:8080}); {@code null} for the
     *                      only listener
     * @param target        the request-target, {@code /path?query}
     * @param headers       header lines after Host, in the map's order; a {@code Host} entry replaces the default
     *                      {@code localhost}
     * @param body          the body, empty or {@code null} for none
     * @return the response
     * @throws UncheckedIOException the connection failed, timed out, or the answer was not HTTP
     */
    public ClbResponse send(String method, String listenerOrUrl, String target, Map<String, String> headers,
            byte[] body) {
        ClbRequest.Builder b = ClbRequest.request(method, target);
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("Host")) {
                b.host(value);
            } else {
                b.header(name, value);
            }
        });
        if (body != null) {
            b.body(body);
        }
        if (listenerOrUrl != null && listenerOrUrl.contains("://")) {
            return of(URI.create(listenerOrUrl)).withTimeout(timeout).send(b.build());
        }
        if (listenerOrUrl != null) {
            b.listener(listenerOrUrl);
        }
        return send(b.build());
    }

    /**
     * {@code GET target} with {@code Host: localhost}, to the only listener.
     *
     * @param target the request-target
     * @return the response
     * @throws UncheckedIOException the connection failed, timed out, or the answer was not HTTP
     */
    public ClbResponse get(String target) {
        return send(ClbRequest.get(target).build());
    }

    /**
     * {@code POST target} with a JSON body and {@code Host: localhost}, to the only listener.
     *
     * @param target the request-target
     * @param json   the JSON body, sent as UTF-8 with {@code Content-Type: application/json}
     * @return the response
     * @throws UncheckedIOException the connection failed, timed out, or the answer was not HTTP
     */
    public ClbResponse post(String target, String json) {
        return send(ClbRequest.post(target).json(json).build());
    }

    private static String only(List<String> listeners) {
        if (listeners.size() != 1) {
            throw new IllegalArgumentException("the server has " + listeners.size() + " listeners ("
                    + String.join(", ", listeners) + "): name one, ClbRequest.Builder.listener(..)");
        }
        return listeners.get(0);
    }
}
