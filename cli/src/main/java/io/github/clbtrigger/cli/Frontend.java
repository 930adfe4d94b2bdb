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
import java.io.Writer;
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

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
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
    private final List<ServerConnector> connectors;
    private final List<ListenerConfig> listeners;
    private final HttpConfiguration http;
    private final String host;
    private final ListenerPorts listenerPorts;
    /** Connectors opened for listeners created after start (by the API), by ListenerId. */
    private final Map<String, ServerConnector> added = new LinkedHashMap<>();
    /** {@link #STOP_GRACE}; tests shorten it. */
    Duration stopGrace = STOP_GRACE;

    private Frontend(Server server, DrainingHandler graceful, ClbTriggerFilter filter, List<ServerConnector> connectors,
            List<ListenerConfig> listeners, HttpConfiguration http, String host, ListenerPorts listenerPorts) {
        this.server = server;
        this.graceful = graceful;
        this.filter = filter;
        this.connectors = connectors;
        this.listeners = listeners;
        this.http = http;
        this.host = host;
        this.listenerPorts = listenerPorts;
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

        List<ServerConnector> connectors = new ArrayList<>();
        for (ListenerConfig listener : options.listeners()) {
            int port = options.ports().getOrDefault(listener.listenerId(), listener.port());
            ServerConnector connector = listener.protocol() == Protocol.HTTPS
                    ? tlsConnector(server, http, listener.listenerId(), options.keystores().get(listener.listenerId()),
                            out)
                    : new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(options.host());
            connector.setPort(port);
            connector.setName(listener.listenerId());
            server.addConnector(connector);
            connectors.add(connector);
        }
        // Bound before the filter serves: a port 0 is then resolved, and each connector's real port is mapped to its
        // listener's configured Port, by which the filter finds the listener (ListenerPorts).
        ListenerPorts listenerPorts = new ListenerPorts();
        for (int i = 0; i < connectors.size(); i++) {
            try {
                connectors.get(i).open();
            } catch (IOException e) {
                connectors.forEach(ServerConnector::close);
                throw new StartException("a port is in use (" + Messages.describe(e)
                        + "): stop what uses it, or pass --port", e);
            }
            listenerPorts.put(connectors.get(i).getLocalPort(), options.listeners().get(i).port());
        }

        ClbTriggerFilter filter;
        try {
            filter = builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            connectors.forEach(ServerConnector::close);
            throw new StartException(Messages.describe(e), e);
        }
        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addFilter(new FilterHolder(listenerPorts), "/*", EnumSet.of(DispatcherType.REQUEST));
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
        Frontend frontend = new Frontend(server, graceful, filter, connectors, options.listeners(), http,
                options.host(), listenerPorts);
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
        List<ServerConnector> all = new ArrayList<>(connectors);
        synchronized (this) {
            all.addAll(added.values());
        }
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
        Map<String, ListenerConfig> wanted = new LinkedHashMap<>();
        parsed.listeners().stream().filter(l -> l.protocol().isLayer7()).forEach(l -> wanted.put(l.listenerId(), l));
        java.util.Set<String> live = ports().keySet();
        Map<String, ServerConnector> opened = new LinkedHashMap<>();
        for (ListenerConfig l : wanted.values()) {
            if (live.contains(l.listenerId())) {
                continue;
            }
            ServerConnector c;
            try {
                c = l.protocol() == Protocol.HTTPS
                        ? tlsConnector(server, http, l.listenerId(), null, new PrintWriter(Writer.nullWriter()))
                        : new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(host);
                c.setPort(l.port());
                c.setName(l.listenerId());
                c.open();
            } catch (IOException | StartException e) {
                opened.values().forEach(ServerConnector::close);
                throw new BindException("listener " + l.listenerId() + ": cannot listen on " + host + ":" + l.port()
                        + " (" + Messages.describe(e) + ")");
            }
            opened.put(l.listenerId(), c);
        }
        try {
            filter.apply(json, parsed);
        } catch (RuntimeException e) {
            opened.values().forEach(ServerConnector::close);
            throw e;
        }
        for (Map.Entry<String, ServerConnector> e : opened.entrySet()) {
            ServerConnector c = e.getValue();
            listenerPorts.put(c.getLocalPort(), wanted.get(e.getKey()).port());
            server.addConnector(c);
            try {
                c.start();
            } catch (Exception ex) {
                System.getLogger("io.github.clbtrigger.cli").log(System.Logger.Level.WARNING,
                        "listener " + e.getKey() + ": could not start accepting: " + ex);
            }
            added.put(e.getKey(), c);
        }
        for (var it = added.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                closeConnector(e.getValue());
                it.remove();
            }
        }
        for (int i = 0; i < listeners.size(); i++) {
            if (!wanted.containsKey(listeners.get(i).listenerId()) && connectors.get(i).isOpen()) {
                closeConnector(connectors.get(i));
            }
        }
    }

    private void closeConnector(ServerConnector c) {
        int port = c.getLocalPort();
        try {
            c.stop();
        } catch (Exception e) {
            c.close();
        }
        server.removeConnector(c);
        listenerPorts.remove(port);
    }

    /** The bound port of every served listener now, by ListenerId: those of the start, then those added. */
    synchronized Map<String, Integer> ports() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            if (connectors.get(i).isOpen()) {
                out.put(listeners.get(i).listenerId(), connectors.get(i).getLocalPort());
            }
        }
        added.forEach((id, c) -> out.put(id, c.getLocalPort()));
        return out;
    }

    /** The port a listener's connector is bound to (after start, so a requested 0 is resolved). */
    int localPort(int index) {
        return connectors.get(index).getLocalPort();
    }

    private void printRoutes(Options options, PrintWriter out) {
        out.println("clb-trigger serving " + options.configFile() + " ("
                + options.table().config().loadBalancerId() + ")");
        Optional<String> tryUrl = Optional.empty();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig listener = listeners.get(i);
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

    private static ServerConnector tlsConnector(Server server, HttpConfiguration http, String listenerId,
            Keystores.Keystore configured, PrintWriter out) throws StartException {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        if (configured != null) {
            out.println("HTTPS listener " + listenerId + ": using the keystore " + configured.path() + " ("
                    + configured.type() + ")");
            tls.setKeyStorePath(configured.path().toString());
            tls.setKeyStorePassword(configured.password());
            tls.setKeyStoreType(configured.type());
        } else {
            SelfSignedKeyStore keyStore = SelfSignedKeyStore.create();
            out.println("HTTPS listener " + listenerId + ": using a generated self-signed certificate for localhost ("
                    + keyStore.path() + "); clients must trust it or skip verification (curl -k)");
            tls.setKeyStorePath(keyStore.path().toString());
            tls.setKeyStorePassword(keyStore.password());
            tls.setKeyStoreType("PKCS12");
        }
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        // CLB serves HTTP/2 on HTTPS listeners (the event then says X-Client-Proto-Ver: HTTP/2.0): offer h2 by ALPN,
        // falling back to HTTP/1.1. Plain HTTP listeners stay HTTP/1.1, as CLB's do.
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        // ALPN names the protocols by their registered ids ("h2", "http/1.1"), compared exactly: Jetty's own names
        // ("HTTP/1.1") would leave a client that offers only http/1.1 without a match, and its handshake refused.
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        return new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, http2, http1);
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
