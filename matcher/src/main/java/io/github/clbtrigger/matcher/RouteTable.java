package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The compiled, immutable route table: which rule of a listener serves a request, with CLB's (nginx's) semantics.
 * Build it once with {@link #compile}; it is thread-safe, and a new configuration means a new table swapped whole.
 *
 * <p>Routing a request:
 * <ol>
 *   <li>The request-target is parsed and normalized as nginx does ({@code %XX} decoded, {@code .} and {@code ..}
 *       resolved, slashes merged, query split off); an invalid one is {@link RouteResult.BadRequest}. An
 *       absolute-form target ({@code http://host/path}) supplies the host instead of the Host header.
 *   <li>The Host (port and one trailing dot dropped, lower-cased) picks the domain: exact, then the longest
 *       {@code *.example.com}, then the longest {@code www.example.*}, then the first matching regex in configuration
 *       order, else the listener's default domain (the one flagged {@code DefaultServer}, else the first rule's).
 *   <li>Within the domain, nginx's location algorithm picks the URL rule: {@code =} exact; the trailing-slash 301
 *       (rule {@code /abc/}, request {@code /abc}, no rule named {@code /abc}); the longest prefix if it is
 *       {@code ^~}; the first matching regex in configuration order; the longest prefix; else
 *       {@link RouteResult.NotFound}.
 * </ol>
 * A target and Host that need no normalization (the common request) are looked up in place; exact, prefix and
 * wildcard lookups probe hash maps by string regions, hashed in one pass, whatever the number of rules, and allocate
 * nothing beyond the result (a 404 allocates nothing, nor does an exact hit: its answer is built with the table).
 * A Host that is exactly a configured exact domain, and a target that is exactly the path of a plain {@code =} rule,
 * are recognized by equality with the configured text, which passed the same checks when the table was built: that
 * equality is their validation. The decision tables with examples are in {@code docs/routing.md}.
 *
 * <p>Cost, on the 2-core benchmark machine ({@code RoutingBenchmark}, best of repeated runs, 10 and 10,000 rules):
 * an exact hit whose Host and target are the configured text is two hash probes and two string comparisons,
 * 18&ndash;26 ns (Jetty's {@code PathMappings}, one {@code HashMap} lookup of an already decoded path: 7&ndash;11 ns).
 * Both probes hash with {@link String#hashCode}, cached in a string after its first use: the benchmark reuses its
 * request strings, as it does for Jetty; a fresh string pays one pass over its chars. Every other request reads each
 * character of the target (and of the Host, unless it is a configured exact domain) once to validate it, nginx's
 * rules at the request boundary, at roughly 0.7 ns a character (a 21-char target: 14.5 ns), and that scan is most of
 * its cost; the path is hashed again only for the probes that need it (a whole-path probe only if an {@code =} rule
 * or trailing-slash target has the path's length, a prefix length only if one of its rules ends with the path's
 * char there). Best of five A/B rounds (medians in brackets): an exact miss 29&ndash;30 ns (37&ndash;41), a prefix
 * miss 23&ndash;30 ns (25&ndash;33), a prefix hit 46 ns at 10 rules and 72 ns at 10,000 (55, 74): the prefix's
 * hash and key comparison, whose cache misses grow with the table, and the answer's allocation (its URI is the
 * request's path). Prefix lookups, where Jetty walks its specs, are faster here from about 1,000 rules.
 */
public final class RouteTable {
    /** {@link RouteResult.NotFound} has no state: one instance serves every 404. */
    private static final RouteResult NOT_FOUND = new RouteResult.NotFound();

    private final LoadBalancerConfig config;
    private final Map<String, ListenerRoutes> routes;
    /** The first layer-7 listener's id and routes (or null), checked before the map: most tables have one. */
    private final String firstId;
    private final ListenerRoutes firstRoutes;
    /** Who holds each LocationId: given by an incremental compile, else built when first asked for. */
    private volatile LocationIndex locations;

    private RouteTable(LoadBalancerConfig config, Map<String, ListenerRoutes> routes, ListenerRoutes first,
                       LocationIndex locations) {
        this.config = config;
        this.routes = routes;
        this.firstId = first == null ? null : first.listener().listenerId();
        this.firstRoutes = first;
        this.locations = locations;
    }

    /**
     * Validates (without quotas) and compiles a configuration.
     *
     * @param config the configuration
     * @return the table
     * @throws ConfigException listing every problem {@link ConfigValidator#validate} finds
     */
    public static RouteTable compile(LoadBalancerConfig config) {
        Objects.requireNonNull(config, "config");
        return build(config, null);
    }

    /**
     * Validates and compiles a configuration as {@link #compile(LoadBalancerConfig)} does, in time proportional to
     * what differs from {@code previous}: a listener with the same {@code ListenerId} and an equal
     * {@link ListenerConfig} (the same object, or equal by value) keeps its compiled routes, held from then on by
     * {@code config}'s object (so a table compiled against this one knows it by identity, without walking its rules),
     * and is checked again only for what involves other listeners
     * ({@link ConfigValidator#validate(LoadBalancerConfig, boolean, RouteTable)}).
     * The table routes every request as the full compile's would, and the same problems are reported.
     *
     * @param config   the configuration
     * @param previous the table being replaced
     * @return the table
     * @throws ConfigException listing every problem, as {@link #compile(LoadBalancerConfig)}
     */
    public static RouteTable compile(LoadBalancerConfig config, RouteTable previous) {
        Objects.requireNonNull(config, "config");
        return build(config, Objects.requireNonNull(previous, "previous"));
    }

    private static RouteTable build(LoadBalancerConfig config, RouteTable previous) {
        List<ConfigProblem> problems = previous == null ? ConfigValidator.validate(config, false)
                : ConfigValidator.validate(config, false, previous);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, ListenerRoutes> routes = new HashMap<>();
        List<ListenerConfig> added = new ArrayList<>();
        ListenerRoutes first = null;
        for (ListenerConfig l : config.listeners()) {
            if (l.protocol().isLayer7()) {
                ListenerRoutes lr = previous == null ? null : previous.compiled(l);
                if (lr == null) {
                    lr = new ListenerRoutes(l);
                    added.add(l);
                } else {
                    // an equal listener of another parse keeps its routes, now held by this parse's object
                    lr = lr.heldBy(l);
                }
                routes.put(l.listenerId(), lr);
                if (first == null) {
                    first = lr;
                }
            }
        }
        LocationIndex locations = null;
        if (previous != null) {
            Set<String> fresh = new HashSet<>();
            added.forEach(l -> fresh.add(l.listenerId()));
            List<ListenerConfig> removed = new ArrayList<>();
            for (ListenerRoutes was : previous.routes.values()) {
                ListenerRoutes now = routes.get(was.listener().listenerId());
                if (now == null || fresh.contains(was.listener().listenerId())) {
                    removed.add(was.listener());
                }
            }
            locations = previous.locations().with(removed, added);
        }
        return new RouteTable(config, Map.copyOf(routes), first, locations);
    }

    /** Which layer-7 listener holds each {@code LocationId} of this table's (valid) configuration. */
    LocationIndex locations() {
        LocationIndex l = locations;
        if (l == null) {
            l = LocationIndex.of(config);
            locations = l;
        }
        return l;
    }

    /**
     * The compiled routes of a layer-7 listener of this table with the id of {@code l} and equal to it, or null. The
     * identity check first: a caller that edits one listener keeps the others' objects, and equality of a large
     * listener costs a walk over its rules.
     */
    ListenerRoutes compiled(ListenerConfig l) {
        ListenerRoutes lr = routes.get(l.listenerId());
        if (lr == null) {
            return null;
        }
        ListenerConfig was = lr.listener();
        return was == l || was.equals(l) ? lr : null;
    }

    /** {@return the configuration this table was compiled from} */
    public LoadBalancerConfig config() {
        return config;
    }

    /**
     * The listener with this id, of any protocol.
     *
     * @param listenerId a {@code ListenerId}
     * @return the listener, or empty
     */
    public Optional<ListenerConfig> listener(String listenerId) {
        return config.listener(listenerId);
    }

    /**
     * The listener on this protocol and port (what an absolute URL {@code https://host:8443/} names).
     *
     * @param protocol the protocol
     * @param port     the port
     * @return the first such listener in configuration order, or empty
     */
    public Optional<ListenerConfig> listenerFor(Protocol protocol, int port) {
        for (ListenerConfig l : config.listeners()) {
            if (l.protocol() == protocol && l.port() == port) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * The only layer-7 listener, for callers that were not told which listener to use.
     *
     * @return the HTTP/HTTPS listener if there is exactly one, else empty
     */
    public Optional<ListenerConfig> onlyLayer7Listener() {
        ListenerConfig found = null;
        for (ListenerConfig l : config.listeners()) {
            if (l.protocol().isLayer7()) {
                if (found != null) {
                    return Optional.empty();
                }
                found = l;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Routes one request. Never throws on any {@code host} or {@code requestTarget}.
     *
     * @param listenerId    the id of an HTTP/HTTPS listener of this table
     * @param host          the Host header value as received, or null when the request has none (HTTP/1.0: the
     *                      default domain serves it); ignored, after validation, for an absolute-form target
     * @param requestTarget the request-target exactly as on the wire, undecoded: {@code /path?query} or
     *                      {@code http://host:port/path?query}; characters above 0x7F are taken as UTF-8 bytes
     * @return the result
     * @throws IllegalArgumentException if {@code listenerId} is not an HTTP/HTTPS listener of this table (check
     *                                  with {@link #listener})
     */
    public RouteResult route(String listenerId, String host, String requestTarget) {
        ListenerRoutes lr = listenerRoutes(listenerId);
        // a Host equal to a configured exact domain, and a target equal to a plain = rule's path of it, are valid and
        // normalized by that equality (the configured text passed the same checks when the table was built)
        Server server = host == null || requestTarget == null ? null : lr.plainExactHost(host);
        if (server != null) {
            RouteResult hit = server.plainExactHit(requestTarget);
            if (hit != null) {
                return hit;
            }
        }
        // the common request needs no normalization: look it up in place, without allocating, and take the general
        // path (which gives the same answer) for anything else
        int pathEnd = requestTarget == null ? -1 : RequestTarget.plain(requestTarget);
        if (server == null) {
            long plainHost = host == null ? 0 : HostName.plain(host);
            if ((int) plainHost < 0 || pathEnd < 0) {
                return decide(lr, host, requestTarget, null);
            }
            server = host == null ? null : lr.match(host, (int) plainHost, (int) (plainHost >>> 32));
            if (server == null) {
                server = lr.defaultServer();
            }
        } else if (pathEnd < 0) {
            return decide(lr, host, requestTarget, null);
        }
        CompiledRule rule = server == null ? null : server.find(requestTarget, pathEnd);
        if (rule == null) {
            return NOT_FOUND;
        }
        boolean whole = pathEnd == requestTarget.length();
        return answer(lr, server, rule, whole ? requestTarget : requestTarget.substring(0, pathEnd),
                whole ? "" : requestTarget.substring(pathEnd + 1), true);
    }

    /**
     * Routes one request and says why: the normalized host and URI, the domain tier and domain, the URL tier and
     * rule, and the candidates considered in each tier. Slower than {@link #route}; for tools and debugging.
     *
     * @param listenerId    as for {@link #route}
     * @param host          as for {@link #route}
     * @param requestTarget as for {@link #route}
     * @return the same result {@link #route} gives, with a one-line reason
     * @throws IllegalArgumentException as {@link #route}
     */
    public Explained explain(String listenerId, String host, String requestTarget) {
        ListenerRoutes lr = listenerRoutes(listenerId);
        Decision d = new Decision();
        d.result = decide(lr, host, requestTarget, d);
        if (d.result instanceof RouteResult.BadRequest bad) {
            return new Explained(d.result, "400: " + bad.reason());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("host ").append(d.host == null ? "(none)" : Bytes.escape(d.host)).append(": ");
        if (d.server == null) {
            sb.append("no domain (listener has no rules)");
        } else {
            DomainTier tier = d.domainMatched ? d.server.domain().tier() : DomainTier.DEFAULT_SERVER;
            sb.append(tier.label()).append(" domain '").append(d.server.domain().text()).append("' [candidates: ");
            List<String> cands = new ArrayList<>();
            if (d.host != null) {
                for (Server s : lr.servers()) {
                    if (Explain.matches(s.domain(), d.host)) {
                        cands.add(s.domain().tier().label() + " " + s.domain().text());
                    }
                }
            }
            sb.append(cands.isEmpty() ? "none" : String.join("; ", cands)).append(']');
        }
        sb.append("; uri ").append(Bytes.escape(d.path)).append(": ");
        if (d.rule == null) {
            sb.append("no rule matches (404)");
        } else {
            UrlTier tier = Server.tierOf(d.rule, d.path);
            sb.append(tier.label()).append(" rule ").append(d.rule.describe());
            if (tier == UrlTier.TRAILING_SLASH) {
                sb.append(" (301)");
            }
        }
        if (d.server != null) {
            sb.append(" [candidates: ").append(Explain.urlCandidates(d.server, d.path)).append(']');
        }
        return new Explained(d.result, sb.toString());
    }

    private ListenerRoutes listenerRoutes(String listenerId) {
        if (listenerId != null && listenerId.equals(firstId)) {
            return firstRoutes;
        }
        ListenerRoutes lr = listenerId == null ? null : routes.get(listenerId);
        if (lr == null) {
            throw new IllegalArgumentException("no HTTP/HTTPS listener '" + listenerId + "' in this route table");
        }
        return lr;
    }

    /** Everything one routing decision found; explain reads it, route keeps the result. */
    private static final class Decision {
        RouteResult result;
        String host;
        String path = "";
        Server server;
        boolean domainMatched;
        CompiledRule rule;
    }

    /** Routes; when {@code trace} is not null, also records what was found there (for explain). */
    private static RouteResult decide(ListenerRoutes lr, String host, String requestTarget, Decision trace) {
        RequestTarget.Parsed parsed = RequestTarget.parse(requestTarget);
        if (parsed instanceof RequestTarget.Parsed.Bad bad) {
            return new RouteResult.BadRequest(bad.reason());
        }
        RequestTarget.Parsed.Ok ok = (RequestTarget.Parsed.Ok) parsed;
        String h = null;
        if (host != null) {
            HostName.Checked checked = HostName.check(host);
            if (checked instanceof HostName.Checked.Invalid invalid) {
                return new RouteResult.BadRequest(invalid.reason());
            }
            h = ((HostName.Checked.Valid) checked).host();
        }
        if (!ok.host().isEmpty()) {
            h = ok.host();
        }
        String path = ok.path();
        Server server = h == null ? null : lr.match(h);
        boolean domainMatched = server != null;
        if (server == null) {
            server = lr.defaultServer();
        }
        CompiledRule rule = server == null ? null : server.find(path);
        if (trace != null) {
            trace.host = h;
            trace.path = path;
            trace.server = server;
            trace.domainMatched = domainMatched;
            trace.rule = rule;
        }
        if (rule == null) {
            return NOT_FOUND;
        }
        return answer(lr, server, rule, path, ok.query(), false);
    }

    /**
     * The result for {@code rule}, found by {@link Server#find} for the normalized {@code path}; {@code text} says
     * that {@code path} and {@code query} are ASCII, their own text.
     */
    private static RouteResult answer(ListenerRoutes lr, Server server, CompiledRule rule, String path, String query,
            boolean text) {
        if (Server.redirects(rule, path.length())) {
            String q = query.isEmpty() ? "" : "?" + Bytes.escapeQuery(query);
            return new RouteResult.Redirect(Bytes.escape(path) + "/" + q);
        }
        return new RouteResult.Matched(lr.listener(), rule.config(), server.domain().text(),
                text ? path : Bytes.toText(path), text ? query : Bytes.toText(query));
    }
}
