package io.github.clbtrigger.console;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The console, whatever serves it: what it answers to each request under its mount point (a path such as
 * {@code /_clb}), as a status, headers and bytes. {@link ConsoleHandler} serves it on a Jetty server (the
 * management port of {@code clb serve}), {@link ClbConsoleServlet} inside a webapp; both put the same
 * {@link #SECURITY_HEADERS} on every answer. Immutable and thread-safe; built with {@link #builder()}.
 *
 * <table>
 *   <caption>What it serves under the mount point (all {@code GET}; anything else is 405)</caption>
 *   <tr><th>Path</th><th>Answer</th></tr>
 *   <tr><td>{@code /}</td><td>the inspector page (HTML, CSS and a script from this jar)</td></tr>
 *   <tr><td>{@code /api/exchanges}</td><td>exchange summaries, newest first; query {@code after},
 *       {@code status} ({@code 2xx}...), {@code function}, {@code rule}</td></tr>
 *   <tr><td>{@code /api/exchanges/SEQ}</td><td>one exchange in full, 404 once the ring dropped it</td></tr>
 *   <tr><td>{@code /api/routes}</td><td>the route table</td></tr>
 *   <tr><td>{@code /health}</td><td>liveness: always 200</td></tr>
 *   <tr><td>{@code /ready}</td><td>200, or 503 with the reasons (JSON)</td></tr>
 *   <tr><td>{@code /metrics}</td><td>Prometheus text format</td></tr>
 * </table>
 *
 * <p>Requests naming a Host that is not a loopback name, an IP literal or an
 * {@linkplain Builder#allowedHost(String) allowed host} are refused (403), so a web page cannot reach the console
 * through DNS rebinding. When {@linkplain Builder#credentials(String, String) credentials} are set, everything but
 * {@code /health} and {@code /ready} requires them as HTTP Basic {@code SecretId:SecretKey}. Without an
 * {@link Inspector} the page and the exchanges are 404 and nothing is kept.
 */
public final class Console {

    /** The Content-Security-Policy of every answer. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    /** The headers of every answer, errors included, as name and value. */
    public static final List<Map.Entry<String, String>> SECURITY_HEADERS = List.of(
            Map.entry("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            Map.entry("X-Content-Type-Options", "nosniff"),
            Map.entry("Cache-Control", "no-store"),
            Map.entry("Referrer-Policy", "no-referrer"),
            Map.entry("X-Frame-Options", "DENY"),
            Map.entry("Cross-Origin-Resource-Policy", "same-origin"));

    static final String BAD_QUERY = "the query string is not valid percent-encoded UTF-8";
    private static final String JSON = "application/json; charset=utf-8";
    private static final byte[] HEALTH = "{\"status\":\"up\"}".getBytes(StandardCharsets.UTF_8);
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * One request, as the console reads it.
     *
     * @param method        the method
     * @param path          the path under the mount point: empty for the mount point itself, else from its {@code /}
     * @param host          the Host's name, without port; null or empty when none was named
     * @param authorization the {@code Authorization} header, or null
     * @param query         the raw query string, or null
     * @param mount         the mount point as the client names it (context path included), for the redirect
     */
    record Request(String method, String path, String host, String authorization, String query, String mount) {}

    /**
     * One answer: the {@link #SECURITY_HEADERS} go with it, then {@code headers}.
     *
     * @param status      the status
     * @param contentType the body's type
     * @param body        the body
     * @param headers     headers besides the security headers ({@code Allow}, {@code Location}...)
     */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        Answer(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }
    }

    private final Optional<Inspector> inspector;
    private final Supplier<RouteTableView> routes;
    private final Readiness readiness;
    private final Optional<PrometheusMeterRegistry> metrics;
    private final Runnable beforeScrape;
    private final Optional<BasicAuth> auth;
    private final HostCheck hosts;

    private Console(Builder b) {
        this.inspector = b.inspector;
        this.routes = b.routes;
        this.readiness = b.readiness;
        this.metrics = b.metrics;
        this.beforeScrape = b.beforeScrape;
        this.auth = b.auth;
        this.hosts = new HostCheck(b.allowedHosts);
    }

    /**
     * A builder: no inspector, no routes, always ready, no metrics, no credentials.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The answer to a request under the mount point; never throws (a failure is a 500 that says nothing more). */
    Answer answer(Request request) {
        try {
            return route(request);
        } catch (RuntimeException e) {
            return new Answer(500, JSON, ConsoleJson.error("InternalError", "the console failed to answer"));
        }
    }

    private Answer route(Request request) {
        String path = request.path();
        if (!hosts.allows(request.host())) {
            return new Answer(403, JSON, ConsoleJson.error("HostNotAllowed",
                    "the console answers only to a loopback name, an IP address or an allowed host"));
        }
        if (!"GET".equals(request.method())) {
            return new Answer(405, JSON, ConsoleJson.error("MethodNotAllowed", "the console answers GET only"),
                    Map.of("Allow", "GET"));
        }
        boolean probe = path.equals("/health") || path.equals("/ready");
        if (!probe && auth.isPresent() && !auth.get().accepts(request.authorization())) {
            return new Answer(401, JSON, ConsoleJson.error("AuthFailure",
                    "the console needs the API credentials: HTTP Basic with SecretId:SecretKey"),
                    Map.of("WWW-Authenticate", BasicAuth.CHALLENGE));
        }
        return switch (path) {
            case "" -> new Answer(308, JSON, ConsoleJson.error("Moved", request.mount() + "/"),
                    Map.of("Location", request.mount() + "/"));
            case "/health" -> new Answer(200, JSON, HEALTH);
            case "/ready" -> {
                Readiness.Report report = readiness.check();
                yield new Answer(report.ready() ? 200 : 503, JSON, ConsoleJson.readiness(report));
            }
            case "/metrics" -> {
                if (metrics.isEmpty()) {
                    yield notFound();
                }
                beforeScrape.run();
                yield new Answer(200, PROMETHEUS, metrics.get().scrape().getBytes(StandardCharsets.UTF_8));
            }
            case "/api/routes" -> new Answer(200, JSON, ConsoleJson.routes(routes.get()));
            default -> inspector(request, path);
        };
    }

    private Answer inspector(Request request, String path) {
        Optional<StaticFiles.File> file = StaticFiles.get(path.substring(1));
        if (inspector.isEmpty() || (file.isEmpty() && !path.startsWith("/api/exchanges"))) {
            return notFound();
        }
        if (file.isPresent()) {
            return new Answer(200, file.get().contentType(), file.get().bytes());
        }
        if (path.equals("/api/exchanges")) {
            Optional<Map<String, String>> query = Query.parse(request.query());
            if (query.isEmpty()) {
                return badRequest(BAD_QUERY);
            }
            return ExchangeFilter.parse(query.get()).map(filter -> {
                Inspector ring = inspector.get();
                long last = ring.lastSequence();
                return new Answer(200, JSON, ConsoleJson.exchanges(last, filter.apply(ring.after(filter.after()))));
            }).orElseGet(() -> badRequest(ExchangeFilter.USAGE));
        }
        String seq = path.startsWith("/api/exchanges/") ? path.substring("/api/exchanges/".length()) : "";
        Optional<Inspector.Entry> entry = seq.matches("[0-9]{1,18}")
                ? inspector.get().get(Long.parseLong(seq)) : Optional.empty();
        return entry.map(e -> new Answer(200, JSON, ConsoleJson.exchange(e))).orElseGet(Console::notFound);
    }

    private static Answer badRequest(String message) {
        return new Answer(400, JSON, ConsoleJson.error("InvalidParameter", message));
    }

    private static Answer notFound() {
        return new Answer(404, JSON, ConsoleJson.error("NotFound", "no such console resource"));
    }

    /** Builds a {@link Console}. Not thread-safe. */
    public static final class Builder {
        private Optional<Inspector> inspector = Optional.empty();
        private Supplier<RouteTableView> routes = RouteTableView::empty;
        private Readiness readiness = Readiness.always();
        private Optional<PrometheusMeterRegistry> metrics = Optional.empty();
        private Runnable beforeScrape = () -> { };
        private Optional<BasicAuth> auth = Optional.empty();
        private final Set<String> allowedHosts = new HashSet<>();

        private Builder() {}

        /**
         * Shows this ring's exchanges; without one, the page and the exchanges API answer 404.
         *
         * @param value the ring the server adds its records to
         * @return this builder
         */
        public Builder inspector(Inspector value) {
            inspector = Optional.of(value);
            return this;
        }

        /**
         * Where the route table comes from; asked on every request of {@code /_clb/api/routes}.
         *
         * @param value the current route table
         * @return this builder
         */
        public Builder routes(Supplier<RouteTableView> value) {
            routes = Objects.requireNonNull(value);
            return this;
        }

        /**
         * What {@code /_clb/ready} asks.
         *
         * @param value the readiness
         * @return this builder
         */
        public Builder readiness(Readiness value) {
            readiness = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The registry {@code /_clb/metrics} scrapes; without one it answers 404.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder metrics(PrometheusMeterRegistry value) {
            metrics = Optional.of(value);
            return this;
        }

        /**
         * Runs before each scrape of {@code /_clb/metrics}: where gauges read from live state (functions in flight,
         * bootstrap launches) are brought up to date. Must be quick. Default: nothing.
         *
         * @param value the task
         * @return this builder
         */
        public Builder beforeScrape(Runnable value) {
            beforeScrape = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Requires HTTP Basic credentials {@code secretId:secretKey} on everything but the probes.
         *
         * @param secretId  the API's SecretId
         * @param secretKey the API's SecretKey
         * @return this builder
         */
        public Builder credentials(String secretId, String secretKey) {
            auth = Optional.of(new BasicAuth(secretId, secretKey));
            return this;
        }

        /**
         * Also answers requests naming this Host (besides loopback names and IP literals).
         *
         * @param host a host name, without port
         * @return this builder
         */
        public Builder allowedHost(String host) {
            allowedHosts.add(HostCheck.normalize(host));
            return this;
        }

        /**
         * Builds the console.
         *
         * @return the console
         */
        public Console build() {
            return new Console(this);
        }
    }
}
