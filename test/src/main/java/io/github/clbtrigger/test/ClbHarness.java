package io.github.clbtrigger.test;

import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.codec.InboundRequest;
import io.github.clbtrigger.functions.ClbFunction;
import io.github.clbtrigger.functions.ClbConfig;
import io.github.clbtrigger.functions.Functions;
import io.github.clbtrigger.functions.Outcome;
import io.github.clbtrigger.functions.Target;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.Protocol;
import io.github.clbtrigger.matcher.RouteResult;
import io.github.clbtrigger.matcher.RouteTable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * CLB in memory, for fast unit tests: routes a {@link ClbRequest} with the matcher's {@link RouteTable}, encodes the
 * event, runs the function and decodes its answer with the same {@link Functions} the server runs, and returns the
 * whole story as a {@link ClbExchange}. No socket, no servlet container.
 *
 * <pre>{@code
 * try (ClbHarness clb = ClbHarness.builder().configResource("clb.json").build()) {
 *     ClbExchange x = clb.exchange(ClbRequest.post("/hello").json("{\"name\":\"Ada\"}").build());
 *     x.locationId();   // Optional[loc-hello]
 *     x.event();        // the event JSON the function received
 *     x.response();     // 200, its headers and body
 * }
 * }</pre>
 *
 * <p>What the server adds on top, and this does not: the HTTP layer (nginx's refusals of malformed requests, header
 * size limits), the request-body timeout, and the headers the container writes itself ({@code Date},
 * {@code Content-Length}). The request arrives from {@code 127.0.0.1:50000} on the listener's configured address
 * {@code 127.0.0.1} and {@code Port}, over HTTP/1.1. Thread-safe; {@link #close()} stops the functions.
 */
public final class ClbHarness implements AutoCloseable {

    /** The longest request-target routed, as the filter: nginx's 8 KiB request-line buffer (414 above). */
    static final int MAX_TARGET_LENGTH = 8192;

    private final Functions functions;
    private final int maxRequestBodyBytes;

    private ClbHarness(Functions functions, int maxRequestBodyBytes) {
        this.functions = functions;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    /**
     * A builder; give it a configuration.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How CLB routes a request: the rule it reaches, or CLB's own answer.
     *
     * @param request the request (its listener, Host and target are read)
     * @return the route
     * @throws IllegalArgumentException the request names no listener and the configuration has several, or names
     *                                  one that is not an HTTP/HTTPS listener
     */
    public RouteResult route(ClbRequest request) {
        RouteTable table = functions.current().routes();
        return table.route(listenerOf(table, request).listenerId(), request.host().orElse(null), request.target());
    }

    /**
     * Sends a request through CLB in memory: routed, its event encoded, its function invoked (within its
     * {@code Timeout}), the answer decoded, as the server does.
     *
     * @param request the request
     * @return what happened and the response
     * @throws IllegalArgumentException as {@link #route}
     */
    public ClbExchange exchange(ClbRequest request) {
        var snapshot = functions.current();
        RouteTable table = snapshot.routes();
        ListenerConfig listener = listenerOf(table, request);
        if (request.target().length() > MAX_TARGET_LENGTH) {
            return clb(null, ErrorKind.URI_TOO_LONG, "request-target longer than " + MAX_TARGET_LENGTH
                    + " characters");
        }
        if (request.method().equals("CONNECT")) {
            return clb(null, ErrorKind.BAD_REQUEST, "bad request: CONNECT is not served");
        }
        RouteResult route = table.route(listener.listenerId(), request.host().orElse(null), request.target());
        if (route instanceof RouteResult.Redirect redirect) {
            if (!redirect.location().chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                return clb(route, ErrorKind.BAD_REQUEST, "redirect location not printable ASCII");
            }
            return ClbExchange.answeredByClb(route, new ClbResponse(301,
                    List.of(new io.github.clbtrigger.codec.Header("Location", redirect.location())), new byte[0]),
                    "redirect");
        }
        if (route instanceof RouteResult.BadRequest bad) {
            return clb(route, ErrorKind.BAD_REQUEST, "bad request: " + bad.reason());
        }
        if (!(route instanceof RouteResult.Matched matched)) {
            return clb(route, ErrorKind.NOT_FOUND, "no rule matches");
        }
        Optional<Target> target = snapshot.target(matched.rule());
        if (target.isEmpty()) {
            return clb(route, ErrorKind.NO_FUNCTION, "rule " + matched.rule().locationId()
                    + (matched.rule().targets().isEmpty() ? " has no function bound" : ": its function is not defined"));
        }
        byte[] body = request.bodyBytes();
        if (body.length > maxRequestBodyBytes) {
            return clb(route, ErrorKind.BODY_TOO_LARGE, "the request body is over the limit of "
                    + maxRequestBodyBytes + " bytes");
        }
        InboundRequest inbound = new InboundRequest(request.method(), matched.uri(),
                listener.protocol() == Protocol.HTTPS ? "https" : "http", "HTTP/1.1", "127.0.0.1", 50000,
                "127.0.0.1", listener.port(), request.wireHeaders(), Instant.now());
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        target.get().invoke(inbound, body, request.target(), false, outcome::complete);
        return ClbExchange.of(route, await(outcome, target.get()));
    }

    /**
     * Invokes one event function directly with an event of your own, as SCF's console "test" does: no routing, no
     * encoding; the function gets a fresh Tencent-style context (request id, name, memory, timeout) and its answer
     * is decoded as any other.
     *
     * @param functionName the {@code FunctionName} (namespace {@code default}, qualifier {@code $LATEST})
     * @param eventJson    the event, passed on as it is
     * @return the invocation: {@link ClbExchange#answer()}, {@link ClbExchange#response()}, the decoder's verdict
     * @throws IllegalArgumentException no such function
     * @throws IllegalStateException    it is an HTTP function (it takes requests, not events)
     */
    public ClbExchange invoke(String functionName, String eventJson) {
        return invoke(functionName, "$LATEST", eventJson);
    }

    /**
     * As {@link #invoke(String, String)}, for one qualifier of a function.
     *
     * @param functionName the {@code FunctionName} (namespace {@code default})
     * @param qualifier    the {@code Qualifier}, e.g. {@code 2} or {@code $LATEST}
     * @param eventJson    the event, passed on as it is
     * @return the invocation
     * @throws IllegalArgumentException no such function
     * @throws IllegalStateException    it is an HTTP function
     */
    public ClbExchange invoke(String functionName, String qualifier, String eventJson) {
        Target target = functions.current().function("default", functionName, qualifier).orElseThrow(
                () -> new IllegalArgumentException("no function default/" + functionName + ":" + qualifier
                        + " in the configuration"));
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        target.invokeEvent(eventJson.getBytes(StandardCharsets.UTF_8), outcome::complete);
        return ClbExchange.of(null, await(outcome, target));
    }

    /** Stops the functions (their threads, processes and class loaders). */
    @Override
    public void close() {
        functions.close();
    }

    private static Outcome await(CompletableFuture<Outcome> outcome, Target target) {
        try {
            // decided within the function's Timeout (a 504 then): the slack only guards against a hang here
            return outcome.get(target.timeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + target.displayName(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no outcome from " + target.displayName() + ": " + e, e);
        }
    }

    private static ClbExchange clb(RouteResult route, ErrorKind kind, String reason) {
        var r = kind.response();
        return ClbExchange.answeredByClb(route, new ClbResponse(r.statusCode(), r.headers(), r.body()), reason);
    }

    private static ListenerConfig listenerOf(RouteTable table, ClbRequest request) {
        if (request.listener().isPresent()) {
            String id = request.listener().get();
            return table.listener(id).filter(l -> l.protocol().isLayer7()).orElseThrow(
                    () -> new IllegalArgumentException("no HTTP or HTTPS listener " + id + " in the configuration"));
        }
        return table.onlyLayer7Listener().orElseThrow(() -> new IllegalArgumentException(
                "the configuration has several HTTP/HTTPS listeners: name one, ClbRequest.Builder.listener(..)"));
    }

    /** Builds a {@link ClbHarness}. */
    public static final class Builder {
        private String json;
        private Path baseDir = Path.of("").toAbsolutePath();
        private final Map<String, ClbFunction> registered = new LinkedHashMap<>();
        private ClassLoader classLoader;
        private Set<CustomHeader> customHeaders = Set.of();
        private int maxRequestBodyBytes = 6 * 1024 * 1024;

        private Builder() {
        }

        /**
         * The configuration file; relative {@code Bootstrap} paths resolve against its directory.
         *
         * @param file the JSON file
         * @return this builder
         * @throws UncheckedIOException it cannot be read
         */
        public Builder configFile(Path file) {
            try {
                this.json = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
            this.baseDir = file.toAbsolutePath().getParent();
            return this;
        }

        /**
         * The configuration as text; relative {@code Bootstrap} paths resolve against the working directory.
         *
         * @param json the JSON text
         * @return this builder
         */
        public Builder config(String json) {
            this.json = Objects.requireNonNull(json, "json");
            return this;
        }

        /**
         * The configuration from the class path (the thread's context class loader), e.g. a test resource.
         *
         * @param name the resource name, e.g. {@code clb.json}
         * @return this builder
         * @throws IllegalArgumentException no such resource
         */
        public Builder configResource(String name) {
            ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                    .orElse(ClbHarness.class.getClassLoader());
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalArgumentException("no class path resource " + name);
                }
                this.json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read class path resource " + name, e);
            }
            return this;
        }

        /**
         * Registers an in-process function under a {@code FunctionName}, as {@code ClbTriggerFilter} can.
         *
         * @param name     the FunctionName
         * @param function the function
         * @return this builder
         */
        public Builder function(String name, ClbFunction function) {
            registered.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(function, "function"));
            return this;
        }

        /**
         * Where {@code Handler} classes load from; default the thread's context class loader.
         *
         * @param loader the class loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * The optional CLB headers events carry; default none, as CLB.
         *
         * @param headers the headers
         * @return this builder
         */
        public Builder customHeaders(Set<CustomHeader> headers) {
            this.customHeaders = Set.copyOf(headers);
            return this;
        }

        /**
         * The request-body limit, default 6 MiB as the server's; over it is 413.
         *
         * @param bytes positive
         * @return this builder
         */
        public Builder maxRequestBodyBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be positive, was " + bytes);
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        /**
         * Compiles the configuration and loads its functions.
         *
         * @return the harness; {@link ClbHarness#close()} it
         * @throws IllegalArgumentException the configuration is invalid ({@code ConfigException} with its CLB
         *                                  error codes, or a problem of its {@code Functions} section)
         * @throws IllegalStateException    no configuration was given
         */
        public ClbHarness build() {
            if (json == null) {
                throw new IllegalStateException("no configuration: configFile(..), config(..) or configResource(..)");
            }
            ClbConfig config = ClbConfig.parse(json, baseDir);
            Functions.Builder b = Functions.builder().customHeaders(customHeaders)
                    .maxRequestBodyBytes(maxRequestBodyBytes);
            registered.forEach(b::function);
            if (classLoader != null) {
                b.classLoader(classLoader);
            }
            Functions functions = b.build();
            try {
                functions.apply(config);
                functions.start();
            } catch (RuntimeException e) {
                functions.close();
                throw e;
            }
            return new ClbHarness(functions, maxRequestBodyBytes);
        }
    }
}
