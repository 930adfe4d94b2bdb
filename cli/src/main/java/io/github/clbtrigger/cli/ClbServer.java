package io.github.clbtrigger.cli;

import io.github.clbtrigger.api.ApiOptions;
import io.github.clbtrigger.api.ControlPlane;
import io.github.clbtrigger.api.ManagementServer;
import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.Protocol;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private final List<ListenerConfig> listeners;
    private final Map<String, Integer> ports;
    private final String host;
    private final Path temporaryConfig;
    private final Management management;
    private boolean closed;

    private ClbServer(Frontend frontend, List<ListenerConfig> listeners, String host, Path temporaryConfig,
            Management management) {
        this.frontend = frontend;
        this.management = management;
        this.listeners = listeners;
        this.host = host;
        this.temporaryConfig = temporaryConfig;
        Map<String, Integer> bound = new LinkedHashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            bound.put(listeners.get(i).listenerId(), frontend.localPort(i));
        }
        this.ports = Collections.unmodifiableMap(bound);
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
     * The served listeners' {@code ListenerId}s, in configuration order.
     *
     * @return the listener ids
     */
    public List<String> listenerIds() {
        return List.copyOf(ports.keySet());
    }

    /**
     * The bound port of every served listener, by {@code ListenerId}, in configuration order.
     *
     * @return the ports
     */
    public Map<String, Integer> ports() {
        return ports;
    }

    /**
     * The port a listener is bound to (a requested 0 resolved).
     *
     * @param listenerId a served listener's {@code ListenerId}
     * @return its port
     * @throws IllegalArgumentException no HTTP or HTTPS listener has that id
     */
    public int port(String listenerId) {
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
     * @throws IllegalArgumentException no HTTP or HTTPS listener has that id
     */
    public URI uri(String listenerId) {
        int port = port(listenerId);
        boolean https = listeners.stream().filter(l -> l.listenerId().equals(listenerId)).findFirst()
                .map(l -> l.protocol() == Protocol.HTTPS).orElse(false);
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
     * Stops: the management port first (no change is accepted any more), then new connections are refused at once, requests in flight get up to 10 seconds to finish (then a 502),
     * the functions stop (processes with their descendants), then Jetty. A second call does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (management != null) {
                management.close();
            }
            frontend.stop();
        } finally {
            if (temporaryConfig != null) {
                try {
                    Files.deleteIfExists(temporaryConfig);
                    Files.deleteIfExists(temporaryConfig.getParent());
                } catch (IOException e) {
                    // a temporary file: left for the OS to clean up
                }
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
        private Path configFile;
        private String configText;
        private final List<Path> classpath = new ArrayList<>();
        private Integer allPorts;
        private final Map<String, Integer> ports = new LinkedHashMap<>();
        private String host = "127.0.0.1";
        private boolean watch;
        private boolean debug;
        private boolean answerNotFound = true;
        private Set<CustomHeader> customHeaders = Set.of();
        private Duration startupTimeout = Duration.ofSeconds(30);
        private PrintWriter out = new PrintWriter(Writer.nullWriter());
        private ApiOptions management;
        private final List<Handler> managementHandlers = new ArrayList<>();
        private Consumer<InvocationRecord> observer;

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
            Path temporary = null;
            Path file = configFile;
            if (file == null) {
                if (configText == null) {
                    throw new StartException("no configuration: give configFile(..) or config(..)", true, List.of(),
                            null);
                }
                try {
                    Path dir = Files.createTempDirectory("clb-server");
                    temporary = Files.writeString(dir.resolve("clb.json"), configText, StandardCharsets.UTF_8);
                    file = temporary;
                } catch (IOException e) {
                    throw new StartException("could not write the configuration to a temporary file: "
                            + Messages.describe(e), false, List.of(), e);
                }
            }
            try {
                ClbServer server = start(file, temporary);
                temporary = null;
                return server;
            } finally {
                if (temporary != null) {
                    deleteQuietly(temporary);
                }
            }
        }

        private ClbServer start(Path file, Path temporary) throws StartException {
            Configs.Loaded loaded;
            try {
                loaded = Configs.read(file);
            } catch (Configs.LoadException e) {
                throw new StartException(e.getMessage(), true, e.problems(), e);
            }
            Map<String, Keystores.Keystore> keystores;
            try {
                keystores = loaded.checkLocal();
            } catch (ConfigException e) {
                throw new StartException("invalid config " + file, true, e.problems(), e);
            } catch (IllegalArgumentException e) {
                throw new StartException("invalid config " + file + ": " + Messages.oneLine(e.getMessage()), true,
                        List.of(), e);
            }
            List<ListenerConfig> listeners = loaded.table().config().listeners().stream()
                    .filter(l -> l.protocol().isLayer7()).toList();
            if (listeners.isEmpty()) {
                throw new StartException(file + " has no HTTP or HTTPS listener to serve", true, List.of(), null);
            }
            Map<String, Integer> bind = new LinkedHashMap<>();
            if (allPorts != null) {
                if (allPorts != 0 && listeners.size() != 1) {
                    throw new StartException("one port (" + allPorts + ") for every listener needs a config with exactly "
                            + "one HTTP/HTTPS listener; this one has " + listeners.size() + " (0 gives each a free "
                            + "port)", true, List.of(), null);
                }
                listeners.forEach(l -> bind.put(l.listenerId(), allPorts));
            }
            for (Map.Entry<String, Integer> e : ports.entrySet()) {
                if (listeners.stream().noneMatch(l -> l.listenerId().equals(e.getKey()))) {
                    throw new StartException("a port for " + Messages.oneLine(e.getKey()) + ", which is not an "
                            + "HTTP or HTTPS listener of " + file, true, List.of(), null);
                }
                bind.put(e.getKey(), e.getValue());
            }
            for (Path entry : classpath) {
                if (!Files.exists(entry)) {
                    throw new StartException("classpath entry not found: " + entry, true, List.of(), null);
                }
            }
            boolean managed = management != null && management.enabled();
            if (managed) {
                try {
                    management.checkBind();
                } catch (IllegalStateException e) {
                    throw new StartException(Messages.oneLine(e.getMessage()), true, List.of(), e);
                }
            }
            Frontend frontend;
            try {
                // With the API, the file watch runs under the control plane's lock (Management), not in the filter.
                frontend = Frontend.start(new Frontend.Options(file, loaded.table(), listeners, Map.copyOf(bind),
                        host, List.copyOf(classpath), watch && !managed, debug, answerNotFound, customHeaders,
                        startupTimeout, keystores, observer), out);
            } catch (Frontend.StartException e) {
                throw new StartException(e.getMessage(), false, List.of(), e);
            }
            Management running = null;
            if (managed) {
                try {
                    running = Management.start(file, frontend, management, managementHandlers, watch, out);
                } catch (StartException e) {
                    frontend.stop();
                    throw e;
                }
            }
            out.println("Ctrl-C stops."); // last: scripts wait for it, with the api line printed before
            out.flush();
            return new ClbServer(frontend, listeners, host, temporary, running);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            return port;
        }

        private static void deleteQuietly(Path file) {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(file.getParent());
            } catch (IOException e) {
                // a temporary file: left for the OS to clean up
            }
        }
    }

    /** The trigger filter serving every listener: for the console ({@link ConsoleSetup}). */
    io.github.clbtrigger.servlet.ClbTriggerFilter filter() {
        return frontend.filter();
    }

    /** The bound port of every listener served now, by ListenerId, those the API added included. */
    Map<String, Integer> boundPorts() {
        return frontend.ports();
    }
}
