package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a configuration as CLB's API would, reporting every problem with CLB's error code, a JSON path and the
 * listener/rule it concerns ({@code where} = {@code $.Listeners[0].Rules[2].Url [lbl-http/loc-c]}).
 *
 * <table>
 *   <caption>What is checked</caption>
 *   <tr><th>Code</th><th>When</th></tr>
 *   <tr><td>{@code InvalidParameter.FormatError}</td><td>a domain or URL outside Tencent's syntax or charset, a regex
 *       RE2/J cannot compile, a port outside 1–65535, a weight outside 0–100, a qualifier type other than VERSION or
 *       ALIAS, an empty id</td></tr>
 *   <tr><td>{@code InvalidParameterValue.Length}</td><td>a domain not 1–80 or a URL not 1–200 characters</td></tr>
 *   <tr><td>{@code InvalidParameterValue.Duplicate}</td><td>the same listener + domain + URL twice ({@code /a} and
 *       {@code ^~/a} are the same URL, as in nginx), a LocationId or ListenerId twice, two listeners on one port, the
 *       same target twice in a rule, two different default domains in a listener</td></tr>
 *   <tr><td>{@code InvalidParameter.ProtocolCheckFailed}</td><td>function targets on a TCP, UDP, TCP_SSL or QUIC
 *       listener</td></tr>
 *   <tr><td>{@code LimitExceeded}</td><td>targets naming more than one function in a rule ("a forwarding rule
 *       supports binding only one SCF"); with {@code strict}, more than 50 listeners or more than 50 rules in an
 *       HTTP/HTTPS listener</td></tr>
 * </table>
 * {@code MissingParameter} and wrong JSON types are reported by {@link LoadBalancerConfig#parse}.
 */
public final class ConfigValidator {
    /** CLB's quota of listeners per load balancer, enforced with {@code strict}. */
    public static final int MAX_LISTENERS = 50;
    /** CLB's quota of forwarding rules per HTTP/HTTPS listener, enforced with {@code strict}. */
    public static final int MAX_RULES_PER_LISTENER = 50;

    private ConfigValidator() {
    }

    /**
     * Lists every problem of {@code config}, in configuration order.
     *
     * @param config the configuration
     * @param strict whether to enforce CLB's quotas ({@value #MAX_LISTENERS} listeners,
     *               {@value #MAX_RULES_PER_LISTENER} rules per HTTP/HTTPS listener)
     * @return the problems; empty when the configuration is valid
     */
    public static List<ConfigProblem> validate(LoadBalancerConfig config, boolean strict) {
        Objects.requireNonNull(config, "config");
        return check(config, strict, null);
    }

    /**
     * Lists every problem of {@code config}, as {@link #validate(LoadBalancerConfig, boolean)} does, checking again
     * only what differs from the configuration {@code valid} was compiled from: a listener with the same
     * {@code ListenerId} and an equal {@link ListenerConfig} (the same object, or equal by value) passed then, so only
     * what involves other listeners is checked for it (its {@code ListenerId}, port and {@code LocationId}s, these in time
     * proportional to the changed listeners' rules, by {@code valid}'s index of which listener holds each). The
     * result is the same list, in the same order.
     *
     * @param config the configuration
     * @param strict as for {@link #validate(LoadBalancerConfig, boolean)}
     * @param valid  a table compiled earlier (so its configuration passed without quotas), typically the one being
     *               replaced
     * @return the problems; empty when the configuration is valid
     */
    public static List<ConfigProblem> validate(LoadBalancerConfig config, boolean strict, RouteTable valid) {
        Objects.requireNonNull(config, "config");
        return check(config, strict, Objects.requireNonNull(valid, "valid"));
    }

    private static List<ConfigProblem> check(LoadBalancerConfig config, boolean strict, RouteTable valid) {
        List<ConfigProblem> out = new ArrayList<>();
        List<ListenerConfig> listeners = config.listeners();
        if (strict && listeners.size() > MAX_LISTENERS) {
            out.add(new ConfigProblem(ConfigProblem.LIMIT_EXCEEDED, "$.Listeners", listeners.size()
                    + " listeners; CLB allows " + MAX_LISTENERS + " per load balancer"));
        }
        Map<String, Integer> listenerIds = new HashMap<>();
        Map<String, String> ports = new HashMap<>();
        LocationCheck locationIds = valid == null ? LocationCheck.whole(null) : LocationCheck.against(config, valid);
        for (int li = 0; li < listeners.size(); li++) {
            ListenerConfig l = listeners.get(li);
            String lp = "$.Listeners[" + li + "]";
            String tag = " [" + l.listenerId() + "]";
            if (l.listenerId().isEmpty()) {
                out.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, lp + ".ListenerId", "ListenerId is empty"));
            } else if (listenerIds.putIfAbsent(l.listenerId(), li) != null) {
                out.add(new ConfigProblem(ConfigProblem.DUPLICATE, lp + ".ListenerId" + tag, "ListenerId '"
                        + l.listenerId() + "' is also $.Listeners[" + listenerIds.get(l.listenerId()) + "]"));
            }
            if (l.port() < 1 || l.port() > 65535) {
                out.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, lp + ".Port" + tag, "port " + l.port()
                        + " is outside 1-65535"));
            } else {
                boolean udp = l.protocol() == Protocol.UDP || l.protocol() == Protocol.QUIC;
                String key = (udp ? "udp:" : "tcp:") + l.port();
                String other = ports.putIfAbsent(key, l.listenerId());
                if (other != null) {
                    out.add(new ConfigProblem(ConfigProblem.DUPLICATE, lp + ".Port" + tag, "port " + l.port()
                            + " is already used by listener '" + other + "'"));
                }
            }
            if (!l.protocol().isLayer7()) {
                for (int ri = 0; ri < l.rules().size(); ri++) {
                    RuleConfig r = l.rules().get(ri);
                    if (!r.targets().isEmpty()) {
                        out.add(new ConfigProblem(ConfigProblem.PROTOCOL_CHECK_FAILED,
                                lp + ".Rules[" + ri + "].FunctionTargets [" + l.listenerId() + "/" + r.locationId()
                                        + "]", "listener '" + l.listenerId() + "' is " + l.protocol()
                                        + "; functions bind only to HTTP/HTTPS rules"));
                    }
                }
                continue;
            }
            if (strict && l.rules().size() > MAX_RULES_PER_LISTENER) {
                out.add(new ConfigProblem(ConfigProblem.LIMIT_EXCEEDED, lp + ".Rules" + tag, l.rules().size()
                        + " rules; CLB allows " + MAX_RULES_PER_LISTENER + " per HTTP/HTTPS listener"));
            }
            if (locationIds.unchanged(li, l)) {
                locationIds.unchangedRepeats(l, li, out);
            } else {
                rules(l, li, lp, locationIds, out);
            }
        }
        return List.copyOf(out);
    }

    private static void rules(ListenerConfig l, int li, String lp, LocationCheck locationIds,
                              List<ConfigProblem> out) {
        Map<String, String> routes = new HashMap<>();
        Set<String> defaults = new LinkedHashSet<>();
        for (int ri = 0; ri < l.rules().size(); ri++) {
            RuleConfig r = l.rules().get(ri);
            String rp = lp + ".Rules[" + ri + "]";
            String tag = " [" + l.listenerId() + "/" + r.locationId() + "]";
            if (r.locationId().isEmpty()) {
                out.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, rp + ".LocationId" + tag, "LocationId is empty"));
            } else {
                Long first = locationIds.earlier(r.locationId(), LocationCheck.at(li, ri));
                if (first != null) {
                    LocationCheck.report(l, li, ri, first, out);
                }
            }
            UrlSpec url = null;
            try {
                url = UrlSpec.parse(r.url());
            } catch (InvalidSpec e) {
                out.add(new ConfigProblem(e.code(), rp + ".Url" + tag, e.getMessage()));
            }
            String field = r.domains().size() == 1 ? ".Domain" : ".Domains";
            if (r.domains().isEmpty()) {
                out.add(new ConfigProblem(ConfigProblem.MISSING_PARAMETER, rp + ".Domain" + tag,
                        "a layer-7 rule needs Domain or Domains"));
            }
            Set<String> seen = new HashSet<>();
            for (int di = 0; di < r.domains().size(); di++) {
                String dp = rp + field + (r.domains().size() == 1 ? "" : "[" + di + "]") + tag;
                DomainSpec d;
                try {
                    d = DomainSpec.parse(r.domains().get(di));
                } catch (InvalidSpec e) {
                    out.add(new ConfigProblem(e.code(), dp, e.getMessage()));
                    continue;
                }
                if (!seen.add(d.text())) {
                    out.add(new ConfigProblem(ConfigProblem.DUPLICATE, dp, "domain '" + d.text()
                            + "' appears twice in the rule"));
                    continue;
                }
                if (r.defaultServer() && di == 0) {
                    defaults.add(d.text());
                    if (defaults.size() == 2) {
                        out.add(new ConfigProblem(ConfigProblem.DUPLICATE, rp + ".DefaultServer" + tag,
                                "listener '" + l.listenerId() + "' already has default domain '"
                                        + defaults.iterator().next() + "'; only one default domain per listener"));
                    }
                }
                if (url != null) {
                    String key = d.text() + " " + url.identity();
                    String prev = routes.putIfAbsent(key, r.locationId());
                    if (prev != null) {
                        out.add(new ConfigProblem(ConfigProblem.DUPLICATE, rp + ".Url" + tag, "domain '" + d.text()
                                + "' with URL '" + r.url() + "' is already rule '" + prev + "'"));
                    }
                }
            }
            targets(r, rp, tag, out);
        }
    }

    private static void targets(RuleConfig r, String rp, String tag, List<ConfigProblem> out) {
        List<FunctionTarget> ts = r.targets();
        for (int ti = 0; ti < ts.size(); ti++) {
            FunctionTarget t = ts.get(ti);
            String tp = rp + ".FunctionTargets[" + ti + "]";
            FunctionRef f = t.function();
            if (t.weight() < 0 || t.weight() > 100) {
                out.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, tp + ".Weight" + tag, "weight " + t.weight()
                        + " is outside 0-100"));
            }
            if (f.name().isEmpty()) {
                out.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, tp + ".Function.FunctionName" + tag,
                        "FunctionName is empty"));
            }
            if (!f.qualifierType().equals("VERSION") && !f.qualifierType().equals("ALIAS")) {
                out.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, tp + ".Function.FunctionQualifierType" + tag,
                        "FunctionQualifierType '" + f.qualifierType() + "' is neither VERSION nor ALIAS"));
            }
            for (int tj = 0; tj < ti; tj++) {
                FunctionRef g = ts.get(tj).function();
                if (g.equals(f)) {
                    out.add(new ConfigProblem(ConfigProblem.DUPLICATE, tp + ".Function" + tag, "'" + f
                            + "' is also FunctionTargets[" + tj + "]"));
                    break;
                }
                if (!g.sameFunction(f)) {
                    out.add(new ConfigProblem(ConfigProblem.LIMIT_EXCEEDED, tp + ".Function" + tag, "rule binds '"
                            + g.namespace() + "/" + g.name() + "' and '" + f.namespace() + "/" + f.name()
                            + "'; a forwarding rule binds only one function (targets may differ in qualifier)"));
                    break;
                }
            }
        }
    }
}
