package io.github.clbtrigger.cli;

import io.github.clbtrigger.api.ApiOptions;
import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.matcher.ConfigProblem;

import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.jetty.server.Handler;

/**
 * The frontend of {@code clb serve}, started in-process: embedded Jetty with one connector per HTTP/HTTPS listener
 * of a CLB configuration, nginx's HTTP-layer checks, CLB's error pages and the trigger filter, serving the
 * configuration's functions. {@code clb serve} runs exactly this; tests and other tools start it here.
 *
 * <pre>{@code
 * try (ClbServer server = ClbServer.builder().configFile(Path.of("clb.json")).port(0).start()) {
 *     URI hello = server.uri("lbl-http").resolve("/hello");   // http://127.0.0.1:43121/hello
 *     ...
 * }
 * }</pre>
 *
 * <p>Each listener listens on its configured {@code Port} unless {@link Builder#port(int)} or
 * {@link Builder#port(String, int)} says otherwise; {@code 0} picks a free port, read back with {@link #port}.
 * Once {@link Builder#start()} returns, every listener accepts connections. Thread-safe; {@link #close()} stops it.
 */
public final class ClbServer implements AutoCloseable {

    private final Frontend frontend;
    private final String host;
    private final Path temporaryConfig;
    private final Management management;
    private boolean closed;
    /** The listeners served when {@link #close()} ran; {@code null} until then. */
    private volatile Map<String, Integer> servedAtClose;

    ClbServer(Frontend frontend, String host, Path temporaryConfig, Management management) {
        this.frontend = frontend;
        this.management = management;
        this.host = host;
        this.temporaryConfig = temporaryConfig;
    }

    /**
     * A builder; give it a configuration ({@link Builder#configFile} or {@link Builder#config}) and
     * {@link Builder#start()} it.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The {@code ListenerId}s of the listeners served now: those of the start in configuration order, then those a
     * change through the management API added; not those it deleted. After {@link #close()}, those served when it
     * closed.
     *
     * @return the listener ids
     */
    public List<String> listenerIds() {
        return List.copyOf(ports().keySet());
    }

    /**
     * The bound port of every listener served now, by {@code ListenerId}, in the order of {@link #listenerIds()}.
     * After {@link #close()}, those served when it closed (nothing accepts there any more).
     *
     * @return the ports, a copy
     */
    public Map<String, Integer> ports() {
        Map<String, Integer> closedWith = servedAtClose;
        return closedWith != null ? closedWith : Collections.unmodifiableMap(frontend.ports());
    }

    /**
     * The port a listener is bound to (a requested 0 resolved).
     *
     * @param listenerId a served listener's {@code ListenerId}
     * @return its port
     * @throws IllegalArgumentException no HTTP or HTTPS listener with that id is served now
     */
    public int port(String listenerId) {
        Map<String, Integer> ports = ports();
        Integer port = ports.get(Objects.requireNonNull(listenerId, "listenerId"));
        if (port == null) {
            throw new IllegalArgumentException("no HTTP or HTTPS listener " + Messages.oneLine(listenerId)
                    + " (served: " + String.join(", ", ports.keySet()) + ")");
        }
        return port;
    }

    /**
     * The base URI of a listener: {@code http://127.0.0.1:PORT/} ({@code https} for an HTTPS listener; the host is
     * the listening address, {@code 127.0.0.1} for {@code 0.0.0.0} and {@code [::1]} for {@code ::}).
     *
     * @param listenerId a served listener's {@code ListenerId}
     * @return its base URI, ending in {@code /}
     * @throws IllegalArgumentException no HTTP or HTTPS listener with that id is served now
     */
    public URI uri(String listenerId) {
        int port = port(listenerId);
        boolean https = frontend.https(listenerId);
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host;
        return URI.create((https ? "https" : "http") + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port
                + "/");
    }

    /**
     * The management port's base URI ({@code http://127.0.0.1:4577}), where the TencentCloud API 3.0 endpoint
     * ({@code POST /}) and the {@link Builder#managementHandler management handlers} are served.
     *
     * @return the URI, or empty without {@link Builder#management}
     */
    public Optional<URI> managementUri() {
        return management == null ? Optional.empty() : Optional.of(management.uri());
    }

    /**
     * Stops: the management port first (no change is accepted any more), then new connections are refused at once,
     * requests in flight get up to 10 seconds to finish (then a 502), the functions stop (processes with their descendants), then Jetty. A second call does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        servedAtClose = ports();
        try {
            if (management != null) {
                management.close();
            }
            frontend.stop();
        } finally {
            if (temporaryConfig != null) {
                Startup.deleteQuietly(temporaryConfig);
            }
        }
    }

    /** The running frontend, for {@code clb serve} (join, its shutdown hook). */
    Frontend frontend() {
        return frontend;
    }

    /**
     * Why a {@link ClbServer} did not start. {@link #configError()} tells an invalid configuration or option (fix
     * the input; {@code clb serve} exits 2) from a failure to start (a port in use, a handler class that cannot be
     * loaded; exit 1).
     */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean configError;
        private final transient List<ConfigProblem> problems;

        StartException(String message, boolean configError, List<ConfigProblem> problems, Throwable cause) {
            super(message, cause);
            this.configError = configError;
            this.problems = List.copyOf(problems);
        }

        /**
         * Whether the configuration or an option is at fault, rather than the machine.
         *
         * @return {@code true} for an invalid configuration or option
         */
        public boolean configError() {
            return configError;
        }

        /**
         * The configuration's problems, each with its CLB error code and JSON path; empty when the message says
         * all.
         *
         * @return the problems
         */
        public List<ConfigProblem> problems() {
            return problems == null ? List.of() : problems;
        }
    }

    /** Builds and starts a {@link ClbServer}. Not thread-safe; each {@link #start()} starts a new server. */
    public static final class Builder {
        Path configFile;
        String configText;
        final List<Path> classpath = new ArrayList<>();
        Integer allPorts;
        final Map<String, Integer> ports = new LinkedHashMap<>();
        String host = "127.0.0.1";
        boolean watch;
        boolean debug;
        boolean answerNotFound = true;
        Set<CustomHeader> customHeaders = Set.of();
        Duration startupTimeout = Duration.ofSeconds(30);
        PrintWriter out = new PrintWriter(Writer.nullWriter());
        ApiOptions management;
        final List<Handler> managementHandlers = new ArrayList<>();
        Consumer<InvocationRecord> observer;

        private Builder() {
        }

        /**
         * Opens the management port: the TencentCloud API 3.0 endpoint (clb 2018-03-17, {@code POST /}) whose
         * changes are written to the configuration file and applied to the running listeners at once; see
         * {@link ApiOptions} for the address (loopback by default), port, task delay, limits and credentials. A
         * disabled {@code options} ({@code --no-api}) opens nothing. Default: no management port.
         *
         * @param options the endpoint's options, e.g. {@code ApiOptions.fromEnvironment(System.getenv())}
         * @return this builder
         */
        public Builder management(ApiOptions options) {
            this.management = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Adds a handler to the management port, tried before the API in the order added: one that declines a
         * request (returns {@code false}) passes it on. Served only with {@link #management}.
         *
         * @param handler a Jetty core handler, e.g. a console under {@code /_clb/}
         * @return this builder
         */
        public Builder managementHandler(Handler handler) {
            managementHandlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Called with the record of every function invocation, as
         * {@link io.github.clbtrigger.servlet.ClbTriggerFilterBuilder#observer}; it must be quick and must not
         * throw. Default none.
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder observer(Consumer<InvocationRecord> observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * The configuration file (listeners, rules and {@code Functions}); relative {@code Bootstrap} and
         * {@code Keystore} paths resolve against its directory.
         *
         * @param file the JSON file
         * @return this builder
         */
        public Builder configFile(Path file) {
            this.configFile = Objects.requireNonNull(file, "file");
            this.configText = null;
            return this;
        }

        /**
         * The configuration as text, in place of a file. It is written to a temporary file (removed by
         * {@link ClbServer#close()}), so {@code Bootstrap} and {@code Keystore} paths in it must be absolute.
         *
         * @param json the JSON text
         * @return this builder
         */
        public Builder config(String json) {
            this.configText = Objects.requireNonNull(json, "json");
            this.configFile = null;
            return this;
        }

        /**
         * Adds jars and class folders the {@code Handler} classes are loaded from, each function in its own class
         * loader over them. Without any, handlers load from the caller's class path (the thread's context class
         * loader), all in one.
         *
         * @param entries directories of classes or jar files, in search order
         * @return this builder
         */
        public Builder classpath(List<Path> entries) {
            entries.forEach(e -> classpath.add(Objects.requireNonNull(e, "entry")));
            return this;
        }

        /**
         * One port for every listener, in place of their configured {@code Port}s: {@code 0} gives each a free port
         * of its own; another number needs a configuration with one HTTP/HTTPS listener.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            this.allPorts = checkPort(port);
            return this;
        }

        /**
         * The port of one listener, in place of its configured {@code Port} (and of {@link #port(int)}); {@code 0}
         * picks a free one.
         *
         * @param listenerId an HTTP or HTTPS listener's {@code ListenerId}
         * @param port       0 to 65535
         * @return this builder
         */
        public Builder port(String listenerId, int port) {
            ports.put(Objects.requireNonNull(listenerId, "listenerId"), checkPort(port));
            return this;
        }

        /**
         * The address to listen on; default {@code 127.0.0.1} (this machine only).
         *
         * @param address an IP address or host name, e.g. {@code 0.0.0.0} for all
         * @return this builder
         */
        public Builder host(String address) {
            this.host = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Reload the configuration file when it changes ({@code clb serve --watch}); default off.
         *
         * @param watch whether to watch
         * @return this builder
         */
        public Builder watch(boolean watch) {
            this.watch = watch;
            return this;
        }

        /**
         * Send the reason of every error response in the
         * {@link io.github.clbtrigger.servlet.ClbTriggerFilter#DEBUG_HEADER} header ({@code clb serve --debug});
         * default off, as CLB.
         *
         * @param debug whether to send reasons
         * @return this builder
         */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * Whether a request no rule matches gets CLB's JSON 404 (default) or the container's plain 404
         * ({@code clb serve --pass-through}).
         *
         * @param answerNotFound {@code true} for CLB's 404
         * @return this builder
         */
        public Builder answerNotFound(boolean answerNotFound) {
            this.answerNotFound = answerNotFound;
            return this;
        }

        /**
         * The optional CLB headers events carry ({@code X-Vip}, {@code X-Vport}...); default none, as CLB.
         *
         * @param headers the headers
         * @return this builder
         */
        public Builder customHeaders(Set<CustomHeader> headers) {
            this.customHeaders = Set.copyOf(headers);
            return this;
        }

        /**
         * How long an HTTP function's {@code Bootstrap} may take to accept connections; default 30 seconds.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Where the start-up lines go (the listeners and their routes, as {@code clb serve} prints them); default
         * nowhere.
         *
         * @param out the writer
         * @return this builder
         */
        public Builder output(PrintWriter out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * Reads and checks the configuration, binds every listener's port and starts serving.
         *
         * @return the running server; {@link ClbServer#close()} it
         * @throws StartException the configuration or an option is invalid ({@link StartException#configError()}),
         *                        or the server could not start
         */
        public ClbServer start() throws StartException {
            return Startup.start(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            return port;
        }
    }

    /** The trigger filter serving every listener: for the console ({@link ConsoleSetup}). */
    io.github.clbtrigger.servlet.ClbTriggerFilter filter() {
        return frontend.filter();
    }

    /**
     * The bound port of every listener served now, by ListenerId, those the API added included: {@link #ports()}
     * while the server runs.
     */
    Map<String, Integer> boundPorts() {
        return frontend.ports();
    }
}
