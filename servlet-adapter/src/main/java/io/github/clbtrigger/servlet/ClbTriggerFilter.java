package io.github.clbtrigger.servlet;

import io.github.clbtrigger.common.FileWatch;
import io.github.clbtrigger.functions.ClbFunction;
import io.github.clbtrigger.functions.Functions;
import io.github.clbtrigger.functions.LiveConfig;
import io.github.clbtrigger.functions.Snapshot;
import io.github.clbtrigger.functions.TriggerMetrics;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A {@link Filter} that makes a Servlet 6 container a Tencent CLB frontend for serverless functions.
 *
 * <p>For each request it picks the CLB listener (by the connector's scheme and local port; with one listener, that
 * one), asks the matcher's {@link RouteTable} which rule matches the Host and request target, and then:
 * <ul>
 *   <li><b>a rule matched</b>: the filter owns the request; the chain is not called. The body is read without
 *       blocking up to the limit, the rule's function is invoked with the CLB trigger event (or, for a FunctionGraph
 *       HTTP function, the proxied request), and its integration response is written. Servlet async is used
 *       throughout, so a slow function holds no container thread (an in-process function that has shown itself
 *       quick runs on the container thread: see {@link ClbFunction}).</li>
 *   <li><b>no rule matched</b>: {@code chain.doFilter} with the request untouched (nothing read or wrapped), or,
 *       in 404 mode, CLB's {@code 404 {"errno":404,"error":"Not found."}}.</li>
 *   <li><b>the matcher redirects</b> (directory rule without its trailing slash): {@code 301} with
 *       {@code Location} built by the matcher; <b>the matcher rejects the request</b>: {@code 400}.</li>
 * </ul>
 *
 * <h2>Statuses</h2>
 * A request the filter owns gets the function's response, the matcher's {@code 301}, or one of CLB's error bodies,
 * {@code {"errno":N,"error":"..."}} (never a container error page): one per {@link TriggerMetrics.ErrorKind}, whose
 * constants say when and with which status (400, 403, 404, 408, 413, 414, 429, 502, 503, 504). The reason (rule,
 * function, JSON path) is logged through {@code System.Logger} and, with
 * {@link ClbTriggerFilterBuilder#debug(boolean)}, sent in the {@value #DEBUG_HEADER} header (printable ASCII only, at most 512 characters). {@code docs/servlet.md} has the
 * table.
 *
 * <h2>Configuration</h2>
 * In code, {@link #builder()}. In {@code web.xml}, this class with init-params {@code config} (the JSON file:
 * listeners, rules and {@code Functions}), {@code watch} ({@code true}: reload on change), {@code notFound}
 * ({@code pass}, the default, or {@code 404}), {@code debug}, {@code listeners}
 * ({@code http:8080=lbl-1,https:8443=lbl-2}), {@code maxRequestBodyBytes}, {@code customHeaders}
 * ({@code X-Vip,X-Uri}). A reloaded configuration is swapped in whole by one volatile write: requests in flight
 * finish on the one they started with; an invalid one is logged with its CLB error codes and the old one kept.
 * {@link #apply(String)} swaps in configuration text the same way, and says why when it does not.
 *
 * <p>Everything that runs a function (the runtimes, their limits, encoding the event and decoding the answer) is the
 * {@code functions} module's {@link Functions}: this filter routes, reads the body, and writes the answer.
 */
public final class ClbTriggerFilter implements Filter {

    /** The response header carrying the error reason when debug is on. */
    public static final String DEBUG_HEADER = "X-Clb-Debug-Reason";

    /**
     * Where {@link #init} publishes the filter's {@link TriggerMetrics} in the servlet context, followed by the
     * filter's name: how a filter the container made from {@code web.xml} shows its counters (see
     * {@link #metrics(ServletContext, String)}).
     */
    public static final String METRICS_ATTRIBUTE_PREFIX = "io.github.clbtrigger.metrics.";

    /**
     * Where {@link #init} publishes the filter itself in the servlet context, followed by the filter's name: how the
     * console's servlet ({@code ClbConsoleServlet}) finds the filter it shows.
     */
    public static final String FILTER_ATTRIBUTE_PREFIX = "io.github.clbtrigger.filter.";

    static final System.Logger LOG = System.getLogger("io.github.clbtrigger.servlet");

    private final ClbTriggerFilterBuilder initial;          // null for web.xml users until init()
    /** What the filter serves with, from its configuration; {@code null} before it is configured. */
    private volatile Front served;
    private volatile String consolePath;   // null: no console path (the default)
    private FileWatch watcher;
    /** The servlet context attribute holding the metrics while the filter runs; {@code null} before init. */
    private ServletContext published;
    private String publishedAs;
    /** The request observer ({@link #observe}); its value is {@code null} when none is attached. */
    private final AtomicReference<Consumer<RequestRecord>> observer = new AtomicReference<>();
    /** Set by {@link #destroy}: a later {@link #init} builds the functions again. */
    private volatile boolean destroyed;

    /** For {@code web.xml} and {@code ServletContext.addFilter(String, Class)}: configured by init-params. */
    public ClbTriggerFilter() {
        this.initial = null;
    }

    ClbTriggerFilter(ClbTriggerFilterBuilder b) {
        this.initial = b;
        configure(b);
    }

    /**
     * A builder; {@link ClbTriggerFilterBuilder#build()} validates the whole configuration.
     *
     * @return a new builder
     */
    public static ClbTriggerFilterBuilder builder() {
        return new ClbTriggerFilterBuilder();
    }

    /**
     * The counters per rule and per function; live.
     *
     * @return the metrics of this filter
     */
    public TriggerMetrics metrics() {
        return configured().functions().metrics();
    }

    /**
     * The counters of a filter the container runs, published by its {@link #init} under
     * {@link #METRICS_ATTRIBUTE_PREFIX} and its filter name (a {@code web.xml} {@code <filter-name>}).
     *
     * @param context    the servlet context the filter runs in
     * @param filterName the filter's name
     * @return its metrics, or empty when no such filter has been initialized (or it was destroyed)
     */
    public static Optional<TriggerMetrics> metrics(ServletContext context, String filterName) {
        return context.getAttribute(METRICS_ATTRIBUTE_PREFIX + filterName) instanceof TriggerMetrics m
                ? Optional.of(m) : Optional.empty();
    }

    /**
     * Applies configuration text now (listeners, rules and {@code Functions}, as in the configuration file), or says
     * why not: checked whole first, then swapped in as a reload of the file is, serialized with it (one change at a
     * time). Requests in flight finish on the configuration they started with; functions whose entry did not change
     * keep running. The text is not written anywhere: when a watched configuration file changes later, its text
     * replaces this one. Relative {@code Bootstrap} paths resolve against the configuration file's folder (the
     * working directory for a filter built from text).
     *
     * @param json the configuration text
     * @throws ConfigException       the configuration is invalid: every problem, each with its CLB error code and JSON
     *                               path ({@code InvalidParameter.FormatError: $.Functions[1].Timeout: ...}); the
     *                               configuration served is kept
     * @throws IllegalStateException before {@link #init} or after {@link #destroy}
     */
    public void apply(String json) {
        Objects.requireNonNull(json, "json");
        running().config().apply(json);
    }

    /**
     * Attaches an observer of every request this filter answers (a function's response, or one of the answers it
     * decides itself: 404, 301, 400, 413, 414, 503...), called with its {@link RequestRecord} once the answer is
     * written, on the thread that wrote it, before the exchange ends; requests passed down the chain are not
     * observed. For a console or a test: it must be quick and must not keep the record past the call (it is made of
     * references into the live exchange). One observer at a time: a later call replaces it. Without one, nothing is
     * made per request.
     *
     * @param requests the observer
     */
    public void observe(Consumer<RequestRecord> requests) {
        observer.set(Objects.requireNonNull(requests, "requests"));
    }

    /** Detaches the {@link #observe observer}, if any. */
    public void stopObserving() {
        observer.set(null);
    }

    /**
     * The configuration served now: its route table and functions, with their state
     * ({@link Snapshot#status()}). Replaced whole by a reload or {@link #apply}.
     *
     * @return the current snapshot
     * @throws IllegalStateException before the filter is configured
     */
    public Snapshot snapshot() {
        return configured().functions().current();
    }

    /**
     * How many configuration changes were applied and refused since the filter started ({@link #apply}, and the
     * watched file's reloads); for a console's counters.
     *
     * @return the counts
     * @throws IllegalStateException before the filter is configured
     */
    public ConfigChanges configChanges() {
        LiveConfig config = configured().config();
        return new ConfigChanges(config.applied(), config.refused());
    }

    /**
     * As {@link #apply(String)}, for text a caller has already parsed and validated, such as a control plane that
     * edited the configuration: the text is not parsed again, only the listeners that differ from the ones served
     * are checked and compiled (the others keep their compiled routes), and the {@code Functions} section is read
     * again only when its text changed. The outcome, problems included, is {@link #apply(String)}'s on {@code json}.
     *
     * @param json   the configuration text
     * @param parsed {@code json}'s listeners and rules, {@link LoadBalancerConfig#parse(String)} of it (not checked:
     *               a {@code parsed} that is not the text's is served as it is, the text's {@code Functions} with it)
     * @throws ConfigException       the configuration is invalid, as {@link #apply(String)}
     * @throws IllegalStateException before {@link #init} or after {@link #destroy}
     */
    public void apply(String json, LoadBalancerConfig parsed) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(parsed, "parsed");
        running().config().apply(json, parsed);
    }

    /**
     * As {@link #apply(String, LoadBalancerConfig)}, with the text's top-level {@code Functions} member given too,
     * as a control plane that edited the configuration as a tree has it: the text is then not read at all (it is
     * kept to recognize a later reload of the same text). The outcome, problems included, is
     * {@link #apply(String)}'s on {@code json}.
     *
     * @param json      the configuration text
     * @param parsed    {@code json}'s listeners and rules, as for {@link #apply(String, LoadBalancerConfig)}
     * @param functions the value of {@code json}'s top-level {@code Functions} member as JSON text (the same value,
     *                  formatted in any way), or empty when it has none (not checked, as {@code parsed})
     * @throws ConfigException       the configuration is invalid, as {@link #apply(String)}
     * @throws IllegalStateException before {@link #init} or after {@link #destroy}
     */
    public void apply(String json, LoadBalancerConfig parsed, Optional<String> functions) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(parsed, "parsed");
        running().config().apply(json, parsed, functions);
    }

    /** What the filter serves with; throws before it is configured. */
    private Front configured() {
        Front current = served;
        if (current == null) {
            throw new IllegalStateException("not initialized");
        }
        return current;
    }

    /** What the filter serves with; throws before {@link #init} and after {@link #destroy}. */
    private Front running() {
        Front current = served;
        if (current == null || destroyed) {
            throw new IllegalStateException("not initialized");
        }
        return current;
    }

    /**
     * Builds the functions and reads the first configuration: the file, or the text, or the route table with its
     * {@code Functions} text; the listener mapping is checked against it and every later one.
     */
    private void configure(ClbTriggerFilterBuilder b) {
        if (b.configFile == null && b.routes == null && b.configJson == null) {
            throw new IllegalStateException("no configuration: call configFile(..), config(..) or routeTable(..)");
        }
        Map<String, String> listeners = Map.copyOf(b.listeners);
        consolePath = b.consolePath;
        Functions functions = b.functions.build();
        try {
            LiveConfig config = b.configFile != null
                    ? LiveConfig.load(functions, b.configFile, c -> Routing.unmapped(listeners, c), LOG)
                    : LiveConfig.of(functions, b.routes, b.configJson, c -> Routing.unmapped(listeners, c), LOG);
            this.served = new Front(b.maxRequestBodyBytes, b.requestBodyTimeout, b.answerNotFound, b.debug,
                    listeners, functions, config, observer);
        } catch (RuntimeException e) {
            functions.close();
            throw e;
        }
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        ClbTriggerFilterBuilder b = initial;
        if (b == null || destroyed) {
            // web.xml: built from the init-params; or a container initialising this instance again after destroy
            // (a redeploy), whose functions destroy stopped: built again from the same builder
            try {
                if (b == null) {
                    b = InitParams.builder(config);
                }
                configure(b);
            } catch (RuntimeException e) {
                throw new ServletException("ClbTriggerFilter: " + e.getMessage(), e);
            }
            destroyed = false;
        }
        Front current = served;
        current.functions().start();
        if (config != null && config.getServletContext() != null && config.getFilterName() != null) {
            published = config.getServletContext();
            publishedAs = METRICS_ATTRIBUTE_PREFIX + config.getFilterName();
            published.setAttribute(publishedAs, current.functions().metrics());
            published.setAttribute(FILTER_ATTRIBUTE_PREFIX + config.getFilterName(), this);
        }
        if (b.watch && current.config().file().isPresent()) {
            watcher = FileWatch.start(current.config().file().get(), b.watchInterval, current.config()::reload);
        }
    }

    /** Loads the configuration file again; a valid one replaces the snapshot, an invalid one is logged and ignored. */
    boolean reload() {
        return served.config().reload();
    }

    /**
     * Stops the filter: a request still waiting for its function or its body is answered at once (a 502, or the
     * 408), then the functions stop (processes with their descendants), then the filter's threads. A container that
     * closes its connections before it destroys filters should call this itself at the end of its grace period, while
     * those answers can still be written ({@code clb serve} does); a second call does nothing.
     */
    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        if (published != null) {
            published.removeAttribute(publishedAs);
            published.removeAttribute(FILTER_ATTRIBUTE_PREFIX
                    + publishedAs.substring(METRICS_ATTRIBUTE_PREFIX.length()));
            published = null;
        }
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        Front current = served;
        if (current != null) {
            current.functions().close();
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Front current = served;
        if (current == null || !(request instanceof HttpServletRequest req)
                || !(response instanceof HttpServletResponse res)
                || req.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(request, response);
            return;
        }
        String console = consolePath;
        if (console != null) {
            String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
            if (path.equals(console) || path.startsWith(console + "/")) {
                chain.doFilter(request, response);   // the console's, never routed
                return;
            }
        }
        Routing.handle(current, req, res, chain);
    }

    /**
     * The path under which the webapp serves the console ({@code ClbConsoleServlet}) and this filter never routes.
     *
     * @return the path (context-relative, e.g. {@code /_clb}), empty when none was configured (the default)
     */
    public Optional<String> consolePath() {
        return Optional.ofNullable(consolePath);
    }
}
