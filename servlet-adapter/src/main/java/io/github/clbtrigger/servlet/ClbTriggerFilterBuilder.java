package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.common.Sanitize;
import io.github.clbtrigger.functions.ClbFunction;
import io.github.clbtrigger.functions.Functions;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.matcher.RouteTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a {@link ClbTriggerFilter}. Give the configuration one way: {@link #configFile(Path)} (listeners, rules
 * and {@code Functions} in one JSON file; can be watched), {@link #config(String)} (the same as text), or
 * {@link #routeTable(RouteTable)} with {@link #functions(String)}. Functions can also be registered in code with
 * {@link #function(String, ClbFunction)}.
 */
public final class ClbTriggerFilterBuilder {
    Path configFile;
    String configJson;
    RouteTable routes;
    /** What runs the functions: registered functions, class loading, response limit, startup timeout. */
    final Functions.Builder functions = Functions.builder();
    final Map<String, String> listeners = new LinkedHashMap<>();
    int maxRequestBodyBytes = 6 * 1024 * 1024;
    Duration requestBodyTimeout = Duration.ofSeconds(30);
    boolean answerNotFound;
    boolean debug;
    boolean watch;
    String consolePath;
    Duration watchInterval = Duration.ofSeconds(1);

    ClbTriggerFilterBuilder() {
    }

    /**
     * The JSON configuration file: the matcher's listeners and rules, and the {@code Functions} section.
     *
     * @param file the configuration file
     * @return this builder
     */
    public ClbTriggerFilterBuilder configFile(Path file) {
        this.configFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * The JSON configuration as text (relative {@code Bootstrap} paths resolve against the working directory).
     *
     * @param json the JSON text
     * @return this builder
     */
    public ClbTriggerFilterBuilder config(String json) {
        this.configJson = Objects.requireNonNull(json, "json");
        return this;
    }

    /**
     * A compiled route table; its functions come from {@link #functions(String)} or {@link #function}.
     *
     * @param table the compiled route table
     * @return this builder
     */
    public ClbTriggerFilterBuilder routeTable(RouteTable table) {
        this.routes = Objects.requireNonNull(table, "table");
        return this;
    }

    /**
     * The {@code Functions} section (the bare array or an object holding it), with {@link #routeTable}.
     *
     * @param json the JSON text
     * @return this builder
     */
    public ClbTriggerFilterBuilder functions(String json) {
        this.configJson = Objects.requireNonNull(json, "json");
        return this;
    }

    /**
     * Registers an in-process function under a {@code FunctionName}. Rules naming it (namespace
     * {@code default}) call it; a {@code Functions} entry of that name without {@code Handler} or {@code Url}
     * sets its limits, otherwise the SCF defaults apply (Timeout 3 s, MemorySize 128 MB, MaxConcurrency 128).
     *
     * @param name the FunctionName
     * @param function the function
     * @return this builder
     */
    public ClbTriggerFilterBuilder function(String name, ClbFunction function) {
        functions.function(name, function);
        return this;
    }

    /**
     * Maps a connector (scheme {@code http} or {@code https}, local port) to a CLB {@code ListenerId}. Without
     * any mapping: a configuration with one layer-7 listener serves every connector with it; otherwise the
     * listener whose protocol and port equal the connector's is used.
     *
     * @param scheme {@code http} or {@code https}
     * @param port the connector's local port, 1 to 65535
     * @param listenerId a layer-7 ListenerId of the configuration
     * @return this builder
     */
    public ClbTriggerFilterBuilder listener(String scheme, int port, String listenerId) {
        String s = Objects.requireNonNull(scheme, "scheme").toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https, was " + Sanitize.forMessage(scheme, 20));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        listeners.put(s + ":" + port, Objects.requireNonNull(listenerId, "listenerId"));
        return this;
    }

    /**
     * The request-body limit, default 6 MiB (SCF's synchronous invocation limit); over it is 413.
     *
     * @param bytes the limit in bytes, positive
     * @return this builder
     */
    public ClbTriggerFilterBuilder maxRequestBodyBytes(int bytes) {
        functions.maxRequestBodyBytes(bytes);   // checks it: positive
        this.maxRequestBodyBytes = bytes;
        return this;
    }

    /**
     * The limit on a function's value or HTTP response body, default 6 MiB; over it is 502.
     *
     * @param bytes the limit in bytes, positive
     * @return this builder
     */
    public ClbTriggerFilterBuilder maxResponseBytes(int bytes) {
        functions.maxResponseBytes(bytes);
        return this;
    }

    /**
     * How long a client may take to send its body, default 30 s; then 408.
     *
     * @param timeout the time, positive
     * @return this builder
     */
    public ClbTriggerFilterBuilder requestBodyTimeout(Duration timeout) {
        this.requestBodyTimeout = positive("requestBodyTimeout", timeout);
        return this;
    }

    /**
     * How long a {@code Bootstrap} may take to accept connections before it is restarted, default 30 s.
     *
     * @param timeout the time, positive
     * @return this builder
     */
    public ClbTriggerFilterBuilder startupTimeout(Duration timeout) {
        functions.startupTimeout(timeout);
        return this;
    }

    /**
     * Reserves a path for the console ({@code ClbConsoleServlet} mapped at {@code path/*}): requests under it go
     * down the chain, never routed, and the console's servlet serves the page only for a filter that has one.
     * Default: none.
     *
     * @param path context-relative, starting with {@code /}, not ending with {@code /}, e.g. {@code /_clb}
     * @return this builder
     * @throws IllegalArgumentException if the path is not of that form
     */
    public ClbTriggerFilterBuilder consolePath(String path) {
        if (!path.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new IllegalArgumentException("consolePath: expected a path such as /_clb, got \""
                    + Sanitize.forMessage(path, 80) + "\"");
        }
        this.consolePath = path;
        return this;
    }

    /**
     * {@code true}: requests no rule matches get CLB's 404; {@code false} (default): they go down the chain.
     *
     * @param answer whether to answer 404
     * @return this builder
     */
    public ClbTriggerFilterBuilder answerNotFound(boolean answer) {
        this.answerNotFound = answer;
        return this;
    }

    /**
     * Sends the error reason in {@value ClbTriggerFilter#DEBUG_HEADER}; for local development. Default off.
     *
     * @param debug whether to send the reason
     * @return this builder
     */
    public ClbTriggerFilterBuilder debug(boolean debug) {
        this.debug = debug;
        return this;
    }

    /**
     * Watches the {@link #configFile(Path) configuration file} and reloads it when it changes. Default off.
     *
     * @param watch whether to watch
     * @return this builder
     */
    public ClbTriggerFilterBuilder watch(boolean watch) {
        this.watch = watch;
        return this;
    }

    /**
     * How often the watched file is checked, default 1 s.
     *
     * @param interval the polling interval, positive
     * @return this builder
     */
    public ClbTriggerFilterBuilder watchInterval(Duration interval) {
        this.watchInterval = positive("watchInterval", interval);
        return this;
    }

    /**
     * The optional CLB headers the event carries (CLB's per-listener custom configuration). Default none.
     *
     * @param headers the headers
     * @return this builder
     */
    public ClbTriggerFilterBuilder customHeaders(Set<CustomHeader> headers) {
        functions.customHeaders(headers);
        return this;
    }

    /**
     * Where {@code Handler} classes are loaded from; default the thread's context class loader.
     *
     * @param loader the class loader
     * @return this builder
     */
    public ClbTriggerFilterBuilder classLoader(ClassLoader loader) {
        functions.classLoader(loader);
        return this;
    }

    /**
     * Isolates every in-process {@code Handler} function in a class loader of its own: a
     * {@code URLClassLoader} over these entries (directories of classes or jar files), whose parent is
     * {@link #classLoader(ClassLoader)} (default: the thread's context class loader). Two functions naming the
     * same class get two {@code Class} objects and two sets of static state, as two SCF functions would. The
     * loader is closed when its function is stopped, or replaced by a hot reload. Default: none, every
     * {@code Handler} is loaded by {@link #classLoader(ClassLoader)} itself. Functions registered with
     * {@link #function(String, ClbFunction)} are not affected.
     *
     * @param entries the class path entries, in search order; an empty list turns isolation off
     * @return this builder
     * @throws IllegalArgumentException an entry is neither a directory nor a regular file
     */
    public ClbTriggerFilterBuilder handlerClasspath(List<Path> entries) {
        functions.handlerClasspath(entries);
        return this;
    }

    /**
     * Called with the record of every function invocation (request id, event, the function's raw answer, the
     * decoder's verdict, timings), on the thread that decided its outcome, after the answer is handed on; for a
     * console or a test. It must be quick and must not throw. Default none.
     *
     * @param observer the observer
     * @return this builder
     */
    public ClbTriggerFilterBuilder observer(Consumer<InvocationRecord> observer) {
        functions.observer(observer);
        return this;
    }

    /**
     * Validates everything and builds the filter; processes ({@code Bootstrap}) and the file watch start when
     * the container calls {@code init}.
     *
     * @throws IllegalArgumentException the configuration is invalid: a {@code ConfigException} with every
     *                                  problem, each with its CLB error code and JSON path; or the file cannot
     *                                  be read
     * @throws IllegalStateException    no configuration was given
     *
     * @return the filter
     */
    public ClbTriggerFilter build() {
        return new ClbTriggerFilter(this);
    }

    private static Duration positive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
