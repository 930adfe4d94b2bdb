package io.github.clbtrigger.cli;

import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.FunctionTarget;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.Protocol;
import io.github.clbtrigger.matcher.RouteTable;
import io.github.clbtrigger.matcher.RuleConfig;
import io.github.clbtrigger.servlet.ClbTriggerFilter;
import io.github.clbtrigger.servlet.ClbTriggerFilterBuilder;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The running frontend of {@code clb serve}: embedded Jetty, one connector per listener, the filter on every path. */
final class Frontend {

    /** What {@code clb serve} was asked for, checked. */
    record Options(Path configFile, RouteTable table, List<ListenerConfig> listeners, Map<String, Integer> ports,
            String host,
            List<Path> classpath, boolean watch, boolean debug, boolean answerNotFound,
            Set<CustomHeader> customHeaders, Duration startupTimeout, Map<String, Keystores.Keystore> keystores,
            Consumer<InvocationRecord> observer) {}

    /** A listener added by a new configuration cannot listen on its port; the message says which and why. */
    static final class BindException extends Exception {
        private static final long serialVersionUID = 1L;

        BindException(String message) {
            super(message);
        }
    }

    /** The frontend could not start; the message is the one line {@code clb serve} prints. */
    static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How long a stop waits for requests in flight before it answers them itself (502) and closes. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Server server;
    private final DrainingHandler graceful;
    private final ClbTriggerFilter filter;
    private final ListenerSet listeners;
    /** Told when a configuration change opened or closed listeners ({@code --ports-file}). */
    private volatile Runnable onListenersChanged = () -> { };
    /** {@link #STOP_GRACE}; tests shorten it. */
    Duration stopGrace = STOP_GRACE;

    private Frontend(Server server, DrainingHandler graceful, ClbTriggerFilter filter, ListenerSet listeners) {
        this.server = server;
        this.graceful = graceful;
        this.filter = filter;
        this.listeners = listeners;
    }

    static Frontend start(Options options, PrintWriter out) throws StartException {
        ClbTriggerFilterBuilder builder = ClbTriggerFilter.builder()
                .configFile(options.configFile())
                .watch(options.watch())
                .debug(options.debug())
                .answerNotFound(options.answerNotFound())
                .customHeaders(options.customHeaders())
                .startupTimeout(options.startupTimeout());
        if (!options.classpath().isEmpty()) {
            builder.handlerClasspath(options.classpath()); // one class loader per function
        }
        if (options.observer() != null) {
            builder.observer(options.observer());
        }

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("clb");
        Server server = new Server(threads);
        server.setStopTimeout(TimeUnit.SECONDS.toMillis(10));
        HttpConfiguration http = new HttpConfiguration();
        // CLB's nginx decodes %2F, %2E and friends and matches the result: let the matcher see what nginx sees.
        http.setUriCompliance(UriCompliance.UNSAFE);
        // nginx routes an absolute-form target by its authority, whatever the Host header says (NginxChecks).
        http.setHttpCompliance(HttpCompliance.RFC9110.with("clb", HttpCompliance.Violation.MISMATCHED_AUTHORITY,
                HttpCompliance.Violation.NO_COLON_AFTER_FIELD_NAME, HttpCompliance.Violation.LF_CHUNK_TERMINATION));
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // nginx's header buffers: at most 32 KiB in all (HTTP/2's header list too); NginxChecks fills them as nginx.
        http.setRequestHeaderSize(NginxChecks.HEADER_BYTES);

        // Bound before the filter serves: a port 0 is then resolved, and each connector's real port is mapped to its
        // listener's configured Port, by which the filter finds the listener (ListenerPorts).
        ListenerSet listeners = new ListenerSet(server, http, options.host());
        try {
            listeners.openAtStart(options.listeners(), options.ports(), options.keystores(), out);
        } catch (IOException e) {
            throw new StartException("a port is in use (" + Messages.describe(e)
                    + "): stop what uses it, or pass --port", e);
        }

        ClbTriggerFilter filter;
        try {
            filter = builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            listeners.connectors().forEach(ServerConnector::close);
            throw new StartException(Messages.describe(e), e);
        }
        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addFilter(new FilterHolder(listeners.listenerPorts()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("not-found", new NotFoundServlet()), "/");
        // Ctrl-C: new connections are refused, idle ones closed, the requests in flight finish within the stop timeout
        // (answered with Connection: close), then functions stop.
        DrainingHandler graceful = new DrainingHandler(new NginxChecks(context));
        server.setHandler(graceful);
        server.setErrorHandler(new ErrorPages());

        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            Throwable cause = e;
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof java.net.BindException) {
                    throw new StartException("a port is in use (" + Messages.describe(e)
                            + "): stop what uses it, or pass --port", e);
                }
                cause = t;
            }
            throw new StartException("could not start: " + Messages.describe(cause), e);
        }
        if (!context.isAvailable()) {
            stopQuietly(server);
            throw new StartException("could not start the CLB trigger filter (see the log above)", null);
        }
        Frontend frontend = new Frontend(server, graceful, filter, listeners);
        frontend.printRoutes(options, out);
        return frontend;
    }

    void join() throws InterruptedException {
        server.join();
    }

    /**
     * Ctrl-C, as nginx's graceful shutdown: new connections are refused at once and idle kept-alive ones closed; the
     * requests in flight get {@link #stopGrace} to finish, answered with {@code Connection: close}; what is still
     * waiting then is answered by the filter (a 502, while the connections are still open: Jetty would close them
     * first, and its clients got an empty 200), the functions stop, then Jetty.
     */
    void stop() {
        List<ServerConnector> all = listeners.connectors();
        all.forEach(ServerConnector::close);
        try {
            graceful.drain(all).get(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // some are still running: answered just below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        filter.destroy();
        stopQuietly(server);
    }

    /**
     * Serves a new configuration: binds a connector for each HTTP/HTTPS listener it adds (on the listener's
     * {@code Port}), applies the text to the filter, then starts accepting on the new connectors and closes those of
     * the listeners it removed. A port that cannot be bound, or text the filter refuses, leaves everything as it was.
     * Called by one thread at a time (the control plane's lock).
     *
     * @throws ConfigException        the filter refused the text
     * @throws Frontend.BindException a new listener's port cannot be bound
     */
    synchronized void apply(String json, LoadBalancerConfig parsed) throws BindException {
        apply(parsed, () -> filter.apply(json, parsed));
    }

    /**
     * As {@link #apply(String, LoadBalancerConfig)}, with the text's top-level {@code Functions} member given, as
     * the control plane has it ({@link ClbTriggerFilter#apply(String, LoadBalancerConfig, Optional)}).
     *
     * @throws ConfigException        the filter refused the text
     * @throws Frontend.BindException a new listener's port cannot be bound
     */
    synchronized void apply(String json, LoadBalancerConfig parsed, Optional<String> functions)
            throws BindException {
        apply(parsed, () -> filter.apply(json, parsed, functions));
    }

    private void apply(LoadBalancerConfig parsed, Runnable swap) throws BindException {
        Map<String, ListenerConfig> wanted = new LinkedHashMap<>();
        parsed.listeners().stream().filter(l -> l.protocol().isLayer7()).forEach(l -> wanted.put(l.listenerId(), l));
        Map<String, ServerConnector> opened = listeners.bindNew(wanted.values());
        try {
            swap.run();
        } catch (RuntimeException e) {
            listeners.discard(opened);
            throw e;
        }
        Map<String, Integer> before = listeners.ports();
        listeners.commit(opened, wanted);
        if (!listeners.ports().equals(before)) {
            onListenersChanged.run();
        }
    }

    /** Runs {@code action} after each configuration change that opened or closed a listener. */
    void onListenersChanged(Runnable action) {
        this.onListenersChanged = action;
    }

    /** The bound port of every listener served now, by ListenerId: those of the start, then those added. */
    Map<String, Integer> ports() {
        return listeners.ports();
    }

    /** Whether a listener served now is HTTPS. */
    boolean https(String listenerId) {
        return listeners.https(listenerId);
    }

    /** The port the {@code index}th listener of the start is bound to (after start, so a requested 0 is resolved). */
    int localPort(int index) {
        return listeners.localPortAtStart(index);
    }

    private void printRoutes(Options options, PrintWriter out) {
        out.println("clb-trigger serving " + options.configFile() + " ("
                + options.table().config().loadBalancerId() + ")");
        Optional<String> tryUrl = Optional.empty();
        for (int i = 0; i < options.listeners().size(); i++) {
            ListenerConfig listener = options.listeners().get(i);
            String scheme = listener.protocol() == Protocol.HTTPS ? "https" : "http";
            String base = scheme + "://" + displayHost(options.host()) + ":" + localPort(i);
            out.println("  listener " + listener.listenerId() + " " + listener.protocol() + " " + listener.port()
                    + " on " + base);
            int width = listener.rules().stream()
                    .mapToInt(r -> String.join(",", r.domains()).length() + (r.defaultServer() ? 10 : 0))
                    .max().orElse(0);
            for (RuleConfig rule : listener.rules()) {
                String domains = String.join(",", rule.domains()) + (rule.defaultServer() ? " (default)" : "");
                out.println(String.format(Locale.ROOT, "    %-" + Math.max(width, 1) + "s  %-20s  %-12s -> %s",
                        domains, rule.url(), rule.locationId(), targets(rule)));
                if (tryUrl.isEmpty() && rule.url().startsWith("/") && !rule.targets().isEmpty()) {
                    String domain = rule.domains().get(0);
                    String path = rule.url().endsWith("/") ? rule.url() : rule.url();
                    tryUrl = Optional.of(domain.equals("localhost")
                            ? "curl " + base.replace(displayHost(options.host()), "localhost") + path
                            : domain.matches("[a-z0-9.-]+")
                                    ? "curl -H 'Host: " + domain + "' " + base + path
                                    : "curl " + base + path);
                }
            }
        }
        tryUrl.ifPresent(url -> out.println("Try: " + url));
        out.flush();
    }

    private static String targets(RuleConfig rule) {
        if (rule.targets().isEmpty()) {
            return "(no function bound: 503)";
        }
        int total = rule.targets().stream().mapToInt(FunctionTarget::weight).sum();
        List<String> parts = new ArrayList<>();
        for (FunctionTarget target : rule.targets()) {
            String name = target.function().namespace() + "/" + target.function().name() + ":"
                    + target.function().qualifier();
            parts.add(rule.targets().size() == 1 || total == 0 ? name
                    : name + " (" + Math.round(100.0 * target.weight() / total) + "%)");
        }
        return String.join(", ", parts);
    }

    private static String displayHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.contains(":") ? "[" + host + "]"
                : host;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            System.getLogger("io.github.clbtrigger.cli").log(System.Logger.Level.WARNING, "stopping: " + e);
        }
    }

    /** What requests no rule matches get in pass-through mode: the container's plain 404, as a webapp would. */
    private static final class NotFoundServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /** The trigger filter serving every listener (the console observes it and reads its snapshot). */
    ClbTriggerFilter filter() {
        return filter;
    }
}
