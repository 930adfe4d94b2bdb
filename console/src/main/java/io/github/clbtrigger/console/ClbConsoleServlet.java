package io.github.clbtrigger.console;

import io.github.clbtrigger.common.Sanitize;
import io.github.clbtrigger.servlet.ClbTriggerFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.util.Map;

/**
 * The console inside a webapp: the same page, JSON, health, readiness and metrics as {@code clb serve}'s
 * {@code /_clb/}, served by the webapp's own container under the path its {@link ClbTriggerFilter} reserves with
 * {@code consolePath} (see docs/console.md, "Inside your webapp"). Map it at that path followed by {@code /*}.
 *
 * <p>It finds its filter by name in the servlet context (init-param {@code filterName}, the filter's
 * {@code <filter-name>}), or is given it ({@link #ClbConsoleServlet(ClbTriggerFilter)}). Off by default: for a filter
 * without a {@code consolePath} it answers 404 to everything and keeps nothing, and it answers 404 when mapped at any
 * other path than that {@code consolePath} (a path the filter does not reserve). Once it serves, it is the filter's
 * {@linkplain ClbTriggerFilter#observe observer} (replacing any other) and keeps the last {@code inspectorSize}
 * exchanges (init-param, default 200; 0 turns the inspector off) of at most {@code bodyLimit} bytes per body
 * (default 65536). Init-param {@code allowedHosts}: names besides loopback names and IP addresses the console
 * answers to, comma-separated. Give it {@code <load-on-startup>}: a container initializes a servlet without it only
 * at its first request, and the console keeps exchanges from then on. Protect it as the rest of your webapp (a
 * security constraint): it has no credentials of its own.
 */
public class ClbConsoleServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ClbTriggerFilter given;   // null: found by name
    private transient volatile Console console;       // null until the filter is found with a console path

    /** For {@code web.xml}: the filter is found by its name (init-param {@code filterName}). */
    public ClbConsoleServlet() {
        this.given = null;
    }

    /**
     * For programmatic registration ({@code ServletContext.addServlet}).
     *
     * @param filter the filter whose requests the console shows
     */
    public ClbConsoleServlet(ClbTriggerFilter filter) {
        this.given = java.util.Objects.requireNonNull(filter, "filter");
    }

    @Override
    public void init() throws ServletException {
        if (given == null && (getInitParameter("filterName") == null || getInitParameter("filterName").isBlank())) {
            throw new ServletException("ClbConsoleServlet: init-param filterName is required (the ClbTriggerFilter's "
                    + "<filter-name>)");
        }
        try {
            settings();
        } catch (IllegalArgumentException e) {
            throw new ServletException("ClbConsoleServlet: " + e.getMessage(), e);
        }
        console();   // loaded on startup, it observes from the first request on; else from its own first request
    }

    private record Settings(int inspectorSize, int bodyLimit, String[] allowedHosts) {}

    private Settings settings() {
        int size = integer("inspectorSize", Inspector.DEFAULT_CAPACITY, 0, 100_000);
        int limit = integer("bodyLimit", Body.DEFAULT_LIMIT, 0, 16 * 1024 * 1024);
        String hosts = getInitParameter("allowedHosts");
        return new Settings(size, limit, hosts == null || hosts.isBlank() ? new String[0] : hosts.split(","));
    }

    private int integer(String name, int fallback, int min, int max) {
        String text = getInitParameter(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("init-param " + name + ": expected " + min + " to " + max + ", got \""
                + Sanitize.forMessage(text, 40) + "\"");
    }

    /** The filter's console path: the only servlet path served (mapped elsewhere, the servlet answers 404). */
    private volatile String reserved;

    /** The console, made when the filter is first found with a console path; until then, none. */
    private Console console() {
        Console made = console;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (console != null) {
                return console;
            }
            ClbTriggerFilter filter = given != null ? given
                    : getServletContext().getAttribute(ClbTriggerFilter.FILTER_ATTRIBUTE_PREFIX
                            + getInitParameter("filterName")) instanceof ClbTriggerFilter f ? f : null;
            if (filter == null || filter.consolePath().isEmpty()) {
                return null;
            }
            reserved = filter.consolePath().get();
            console = attach(filter, settings());
            return console;
        }
    }

    private static Console attach(ClbTriggerFilter filter, Settings s) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ConsoleMeters meters = new ConsoleMeters();
        meters.bindTo(registry);
        Console.Builder console = Console.builder().metrics(registry)
                .routes(() -> RouteTableView.of(filter.snapshot()))
                .readiness(() -> new Readiness.Report(RouteTableView.functionsNotReady(filter.snapshot())));
        for (String host : s.allowedHosts()) {
            if (!host.isBlank()) {
                console.allowedHost(host.trim());
            }
        }
        ConsoleObserver.Builder observer = ConsoleObserver.builder().meters(meters).bodyLimit(s.bodyLimit());
        if (s.inspectorSize() > 0) {
            Inspector inspector = new Inspector(s.inspectorSize());
            console.inspector(inspector);
            observer.inspector(inspector);
        }
        filter.observe(observer.build());
        return console.build();
    }

    /** {@return whether it serves (its filter was found with a console path), so it observes the filter} */
    boolean serving() {
        return console != null;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Console c = console();
        Console.Answer answer = c == null || !req.getServletPath().equals(reserved)
                ? new Console.Answer(404, "application/json; charset=utf-8",
                        ConsoleJson.error("NotFound", "no such console resource"))
                : c.answer(new Console.Request(req.getMethod(), req.getPathInfo() == null ? "" : req.getPathInfo(),
                        req.getServerName(), req.getHeader("Authorization"), req.getQueryString(),
                        req.getContextPath() + req.getServletPath()));
        for (Map.Entry<String, String> h : Console.SECURITY_HEADERS) {
            res.setHeader(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            res.setHeader(h.getKey(), h.getValue());
        }
        res.setStatus(answer.status());
        res.setContentType(answer.contentType());
        res.setContentLength(answer.body().length);
        res.getOutputStream().write(answer.body());
    }
}
