package io.github.clbtrigger.console;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The console, as a Jetty core handler: it answers every request whose path is {@code /_clb} or starts with
 * {@code /_clb/} and declines (returns false) all others, so it goes in front of the server's own handler.
 *
 * <table>
 *   <caption>What it serves (all {@code GET}; anything else is 405)</caption>
 *   <tr><th>Path</th><th>Answer</th></tr>
 *   <tr><td>{@code /_clb/}</td><td>the inspector page (HTML, CSS and a script from this jar)</td></tr>
 *   <tr><td>{@code /_clb/api/exchanges}</td><td>exchange summaries, newest first; query {@code after},
 *       {@code status} ({@code 2xx}...), {@code function}, {@code rule}</td></tr>
 *   <tr><td>{@code /_clb/api/exchanges/SEQ}</td><td>one exchange in full, 404 once the ring dropped it</td></tr>
 *   <tr><td>{@code /_clb/api/routes}</td><td>the route table</td></tr>
 *   <tr><td>{@code /_clb/health}</td><td>liveness: always 200</td></tr>
 *   <tr><td>{@code /_clb/ready}</td><td>200, or 503 with the reasons (JSON)</td></tr>
 *   <tr><td>{@code /_clb/metrics}</td><td>Prometheus text format</td></tr>
 * </table>
 *
 * <p>Every answer carries a strict Content-Security-Policy, {@code X-Content-Type-Options: nosniff},
 * {@code Cache-Control: no-store} and no cookie or CORS header. Requests naming a Host that is not a loopback name,
 * an IP literal or an {@linkplain Builder#allowedHost(String) allowed host} are refused (403), so a web page cannot
 * reach the console through DNS rebinding. When {@linkplain Builder#credentials(String, String) credentials} are
 * set, everything but {@code /_clb/health} and {@code /_clb/ready} requires them as HTTP Basic
 * {@code SecretId:SecretKey}. Without an {@link Inspector} the page and the exchanges are 404 and nothing is kept.
 */
public final class ConsoleHandler extends Handler.Abstract {

    /** The reserved prefix. */
    public static final String PREFIX = "/_clb/";

    /** The Content-Security-Policy of every answer. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    private static final List<HttpField> SECURITY_HEADERS = List.of(
            new PreEncodedHttpField("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
            new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store"),
            new PreEncodedHttpField("Referrer-Policy", "no-referrer"),
            new PreEncodedHttpField("X-Frame-Options", "DENY"),
            new PreEncodedHttpField("Cross-Origin-Resource-Policy", "same-origin"));
    private static final String JSON = "application/json; charset=utf-8";
    private static final byte[] HEALTH = "{\"status\":\"up\"}".getBytes(StandardCharsets.UTF_8);
    static final String BAD_QUERY = "the query string is not valid percent-encoded UTF-8";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final Optional<Inspector> inspector;
    private final Supplier<RouteTableView> routes;
    private final Readiness readiness;
    private final Optional<PrometheusMeterRegistry> metrics;
    private final Runnable beforeScrape;
    private final Optional<BasicAuth> auth;
    private final HostCheck hosts;

    private ConsoleHandler(Builder b) {
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

    /**
     * Answers a request under {@code /_clb/}.
     *
     * @param request  the request
     * @param response the response
     * @param callback completed when the answer is written
     * @return false when the path is not the console's
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals("/_clb") && !path.startsWith(PREFIX)) {
            return false;
        }
        for (HttpField field : SECURITY_HEADERS) {
            response.getHeaders().put(field);
        }
        try {
            route(request, response, callback, path);
        } catch (RuntimeException e) {
            send(response, callback, 500, JSON, ConsoleJson.error("InternalError", "the console failed to answer"));
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback, String path) {
        if (!hosts.allows(request.getHttpURI().getHost())) {
            send(response, callback, 403, JSON, ConsoleJson.error("HostNotAllowed",
                    "the console answers only to a loopback name, an IP address or an allowed host"));
            return;
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            send(response, callback, 405, JSON, ConsoleJson.error("MethodNotAllowed", "the console answers GET only"));
            return;
        }
        boolean probe = path.equals("/_clb/health") || path.equals("/_clb/ready");
        if (!probe && auth.isPresent() && !auth.get().accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, BasicAuth.CHALLENGE);
            send(response, callback, 401, JSON, ConsoleJson.error("AuthFailure",
                    "the console needs the API credentials: HTTP Basic with SecretId:SecretKey"));
            return;
        }
        switch (path) {
            case "/_clb" -> {
                response.getHeaders().put(HttpHeader.LOCATION, PREFIX);
                send(response, callback, 308, JSON, ConsoleJson.error("Moved", PREFIX));
            }
            case "/_clb/health" -> send(response, callback, 200, JSON, HEALTH);
            case "/_clb/ready" -> {
                Readiness.Report report = readiness.check();
                send(response, callback, report.ready() ? 200 : 503, JSON, ConsoleJson.readiness(report));
            }
            case "/_clb/metrics" -> {
                if (metrics.isPresent()) {
                    beforeScrape.run();
                    send(response, callback, 200, PROMETHEUS, metrics.get().scrape().getBytes(StandardCharsets.UTF_8));
                } else {
                    notFound(response, callback);
                }
            }
            case "/_clb/api/routes" -> send(response, callback, 200, JSON, ConsoleJson.routes(routes.get()));
            default -> inspector(request, response, callback, path);
        }
    }

    private void inspector(Request request, Response response, Callback callback, String path) {
        Optional<StaticFiles.File> file = StaticFiles.get(path.substring(PREFIX.length()));
        if (inspector.isEmpty() || (file.isEmpty() && !path.startsWith("/_clb/api/exchanges"))) {
            notFound(response, callback);
        } else if (file.isPresent()) {
            send(response, callback, 200, file.get().contentType(), file.get().bytes());
        } else if (path.equals("/_clb/api/exchanges")) {
            Fields query;
            try {
                query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                badRequest(response, callback, BAD_QUERY);
                return;
            }
            ExchangeFilter.parse(query).ifPresentOrElse(
                    filter -> {
                        Inspector ring = inspector.get();
                        long last = ring.lastSequence();
                        send(response, callback, 200, JSON,
                                ConsoleJson.exchanges(last, filter.apply(ring.after(filter.after()))));
                    },
                    () -> badRequest(response, callback, ExchangeFilter.USAGE));
        } else {
            String seq = path.substring("/_clb/api/exchanges/".length());
            Optional<Inspector.Entry> entry = seq.matches("[0-9]{1,18}")
                    ? inspector.get().get(Long.parseLong(seq)) : Optional.empty();
            entry.ifPresentOrElse(e -> send(response, callback, 200, JSON, ConsoleJson.exchange(e)),
                    () -> notFound(response, callback));
        }
    }

    private static void badRequest(Response response, Callback callback, String message) {
        send(response, callback, 400, JSON, ConsoleJson.error("InvalidParameter", message));
    }

    private static void notFound(Response response, Callback callback) {
        send(response, callback, 404, JSON, ConsoleJson.error("NotFound", "no such console resource"));
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Builds a {@link ConsoleHandler}. Not thread-safe. */
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
            beforeScrape = java.util.Objects.requireNonNull(value, "value");
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
         * Builds the handler.
         *
         * @return the handler
         */
        public ConsoleHandler build() {
            return new ConsoleHandler(this);
        }
    }
}
