package io.github.clbtrigger.servlet;

import io.github.clbtrigger.functions.ClbConfig;
import io.github.clbtrigger.functions.Snapshot;
import io.github.clbtrigger.functions.Target;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.Protocol;
import io.github.clbtrigger.matcher.RouteResult;
import io.github.clbtrigger.matcher.RouteTable;
import io.github.clbtrigger.matcher.RuleConfig;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link ClbTriggerFilter#doFilter} does with a request: picks the listener, asks the route table, and answers
 * at once (414, 400, 301, 404, 503), passes the request down the chain, or hands it to an {@link Exchange} with the
 * function its rule picks.
 */
final class Routing {

    /** The longest request-target routed (nginx's 8 KiB request-line buffer); a longer one is 414, as nginx says. */
    static final int MAX_TARGET_LENGTH = 8192;

    private Routing() {
    }

    static void handle(Front f, HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Snapshot s = f.functions().current();
        long start = System.nanoTime();
        String listenerId = listenerFor(f, s.routes(), req.getScheme(), req.getLocalPort());
        Incoming in = new Incoming(req, res, start, listenerId, s.routes());
        String host = RequestHost.of(req);
        String target = target(req);
        if (target.length() > MAX_TARGET_LENGTH) {
            Answers.respondNow(f, in, null, null, new Answer.Refused(ErrorKind.URI_TOO_LONG,
                    "request-target longer than " + MAX_TARGET_LENGTH + " characters"));
            return;
        }
        if (req.getMethod().equals("CONNECT")) {
            // its request-target is an authority (host:port), which CLB's nginx refuses: no rule is asked
            Answers.respondNow(f, in, null, null, new Answer.Refused(ErrorKind.BAD_REQUEST,
                    "bad request: CONNECT is not served"));
            return;
        }
        RouteResult result = listenerId == null ? new RouteResult.NotFound()
                : s.routes().route(listenerId, host, target);
        if (result instanceof RouteResult.Matched matched) {
            serve(f, s, matched, in);
        } else if (result instanceof RouteResult.Redirect redirect) {
            Answers.respondNow(f, in, null, null, new Answer.Redirect(redirect.location()));
        } else if (result instanceof RouteResult.BadRequest bad) {
            Answers.respondNow(f, in, null, null, new Answer.Refused(ErrorKind.BAD_REQUEST,
                    "bad request: " + bad.reason()));
        } else if (f.answerNotFound()) {
            Answers.respondNow(f, in, null, null, new Answer.Refused(ErrorKind.NOT_FOUND,
                    listenerId == null ? "no listener for " + req.getScheme() + " port " + req.getLocalPort()
                            : "no rule matches"));
        } else {
            f.functions().metrics().record(null, null, null, 0);
            chain.doFilter(req, res);
        }
    }

    /**
     * The listener mapping's problems with a configuration: each {@code scheme:port} must name one of its HTTP or
     * HTTPS listeners.
     */
    static List<ConfigProblem> unmapped(Map<String, String> listeners, ClbConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> mapping : listeners.entrySet()) {
            if (config.routes().listener(mapping.getValue()).filter(l -> l.protocol().isLayer7()).isEmpty()) {
                problems.add(new ConfigProblem(ConfigProblem.LISTENER_NOT_FOUND, "$.Listeners",
                        "listener mapping " + mapping.getKey() + " -> " + mapping.getValue()
                                + ": no HTTP or HTTPS listener with that ListenerId"));
            }
        }
        return problems;
    }

    /** The request-target as received: path and query, not decoded. */
    static String target(HttpServletRequest req) {
        String query = req.getQueryString();
        return query == null ? req.getRequestURI() : req.getRequestURI() + "?" + query;
    }

    private static void serve(Front f, Snapshot s, RouteResult.Matched matched, Incoming in) {
        HttpServletRequest req = in.req();
        HttpServletResponse res = in.res();
        RuleConfig rule = matched.rule();
        String location = rule.locationId();
        Optional<Target> picked = s.target(rule);
        if (picked.isEmpty()) {
            Answers.respondNow(f, in, matched, null, new Answer.Refused(ErrorKind.NO_FUNCTION, "rule " + location
                    + (rule.targets().isEmpty() ? " has no function bound" : ": its function is not defined")));
            return;
        }
        Target fn = picked.get();
        long declared = req.getContentLengthLong();
        if (declared > f.maxRequestBodyBytes()) {
            String why = "Content-Length " + declared + " is over the limit of " + f.maxRequestBodyBytes() + " bytes";
            AsyncContext async = startAsync(req, res);
            if (async != null) {
                new Exchange(f, async, in, matched, fn).rejectTooLarge(why);
            } else {
                Answers.respondNow(f, in, matched, fn.displayName(),
                        new Answer.Refused(ErrorKind.BODY_TOO_LARGE, why));   // then lingers
            }
            return;
        }
        AsyncContext async = startAsync(req, res);
        if (async == null) {
            new Exchange(f, null, in, matched, fn).runBlocking();
            return;
        }
        new Exchange(f, async, in, matched, fn).start();
    }

    /**
     * The request's async context, or {@code null} for the blocking fallback: where the chain does not support async,
     * and where the container cannot start it for this request (Jetty 12 re-parses the request URI there and throws
     * for targets such as {@code //a:b}, which nginx routes).
     */
    static AsyncContext startAsync(HttpServletRequest req, HttpServletResponse res) {
        if (!req.isAsyncSupported()) {
            return null;
        }
        try {
            return req.startAsync(req, res);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String listenerFor(Front f, RouteTable routes, String scheme, int localPort) {
        Map<String, String> explicit = f.listeners();
        if (!explicit.isEmpty()) {
            return explicit.get(scheme.toLowerCase(Locale.ROOT) + ":" + localPort);
        }
        var only = routes.onlyLayer7Listener();
        if (only.isPresent()) {
            return only.get().listenerId();
        }
        Protocol protocol = scheme.equalsIgnoreCase("https") ? Protocol.HTTPS : Protocol.HTTP;
        return routes.listenerFor(protocol, localPort).map(ListenerConfig::listenerId).orElse(null);
    }
}
