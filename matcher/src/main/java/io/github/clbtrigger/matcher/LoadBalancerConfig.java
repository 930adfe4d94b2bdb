package io.github.clbtrigger.matcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parsed configuration: Tencent's {@code DescribeListeners} shape. Immutable.
 *
 * <pre>{@code
 * {"LoadBalancerId": "lb-local",
 *  "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
 *    "Rules": [{"LocationId": "loc-hello", "Domain": "example.com", "Url": "/hello", "DefaultServer": true,
 *      "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello",
 *                                        "FunctionQualifier": "$LATEST", "FunctionQualifierType": "VERSION"},
 *                           "Weight": 100}]}]}]}
 * }</pre>
 *
 * <p>Unknown fields are ignored (a {@code tccli} export, or the {@code Functions} array the servlet adapter reads,
 * loads as it is); a {@code {"Response": {...}}} wrapper is unwrapped. A rule has {@code Domain} or {@code Domains}.
 * Parsing checks only the JSON shape; {@link ConfigValidator} checks the rules and {@link RouteTable#compile} does both.
 *
 * @param loadBalancerId {@code LoadBalancerId}, {@code ""} when the JSON has none
 * @param listeners      the listeners in configuration order
 */
public record LoadBalancerConfig(String loadBalancerId, List<ListenerConfig> listeners) {
    /**
     * Creates the value; lists are copied, and null components are refused as documented.
     *
     * @param loadBalancerId see {@link #loadBalancerId()}
     * @param listeners see {@link #listeners()}
     */
    public LoadBalancerConfig {
        Objects.requireNonNull(loadBalancerId, "loadBalancerId");
        listeners = List.copyOf(listeners);
    }

    /**
     * Parses configuration JSON.
     *
     * @param json the JSON text
     * @return the configuration
     * @throws ConfigException if the JSON is malformed ({@code InvalidParameter.FormatError} with a JSON path) or of
     *                         the wrong shape (a wrong type, a missing required field); every problem is listed
     */
    public static LoadBalancerConfig parse(String json) {
        Objects.requireNonNull(json, "json");
        return ConfigJson.parse(json);
    }

    /**
     * Parses configuration JSON, handing top-level members the matcher does not model to their readers in the same
     * pass (clb-trigger's {@code Functions} section, say): one bounded parser, and one {@link ConfigException} with
     * every shape problem, the readers' included.
     *
     * @param json     the JSON text
     * @param sections readers by top-level member name
     * @return the configuration (the sections' results are the readers')
     * @throws ConfigException as {@link #parse(String)}, with the readers' problems too
     */
    public static LoadBalancerConfig parse(String json, Map<String, ConfigSection> sections) {
        return parse(json, sections, Map.of());
    }

    /**
     * As {@link #parse(String, Map)}, also handing members of each listener the matcher does not model to their
     * readers (clb-trigger's {@code Keystore}, say), in the same pass.
     *
     * @param json             the JSON text
     * @param sections         readers by top-level member name
     * @param listenerSections readers by listener member name
     * @return the configuration (the sections' results are the readers')
     * @throws ConfigException as {@link #parse(String)}, with the readers' problems too
     */
    public static LoadBalancerConfig parse(String json, Map<String, ConfigSection> sections,
            Map<String, ListenerSection> listenerSections) {
        Objects.requireNonNull(json, "json");
        return ConfigJson.parse(json, Map.copyOf(sections), Map.copyOf(listenerSections));
    }

    /**
     * Parses configuration JSON from a stream (UTF-8). The stream is not closed.
     *
     * @param json the JSON bytes
     * @return the configuration
     * @throws IOException     if reading the stream fails
     * @throws ConfigException as {@link #parse(String)}
     */
    public static LoadBalancerConfig parse(InputStream json) throws IOException {
        Objects.requireNonNull(json, "json");
        return ConfigJson.parse(json);
    }

    /**
     * The listener with this id.
     *
     * @param listenerId a {@code ListenerId}
     * @return the listener, or empty
     */
    public Optional<ListenerConfig> listener(String listenerId) {
        for (ListenerConfig l : listeners) {
            if (l.listenerId().equals(listenerId)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * Applies a {@code RegisterFunctionTargets} call: appends its targets to the rule it names and returns the new
     * configuration; this one is unchanged.
     *
     * <p>Errors, as CLB reports them: {@code LBIdNotFound} (another load balancer), {@code ListenerIdNotFound},
     * {@code ProtocolCheckFailed} (not an HTTP/HTTPS listener), {@code MissingParameter} (no targets, or neither
     * {@code LocationId} nor {@code Domain}+{@code Url}), {@code LocationNotFound}, {@code Duplicate} (the target is
     * already bound) and {@code LimitExceeded} (a second function: a rule binds only one function).
     *
     * @param call the call
     * @return the configuration with the targets bound
     * @throws ConfigException if the call is refused, or if the resulting configuration does not pass
     *                         {@link ConfigValidator#validate} (e.g. a target weight outside 0–100)
     */
    public LoadBalancerConfig withFunctionTargets(RegisterFunctionTargets call) {
        Objects.requireNonNull(call, "call");
        String where = "RegisterFunctionTargets";
        if (!loadBalancerId.isEmpty() && !call.loadBalancerId().isEmpty()
                && !loadBalancerId.equals(call.loadBalancerId())) {
            throw refuse(ConfigProblem.LB_NOT_FOUND, where + ".LoadBalancerId",
                    "no load balancer '" + call.loadBalancerId() + "'; this configuration is '" + loadBalancerId + "'");
        }
        if (call.listenerId().isEmpty()) {
            throw refuse(ConfigProblem.MISSING_PARAMETER, where + ".ListenerId", "ListenerId is required");
        }
        if (call.targets().isEmpty()) {
            throw refuse(ConfigProblem.MISSING_PARAMETER, where + ".FunctionTargets", "at least one target is required");
        }
        int li = indexOfListener(call.listenerId());
        if (li < 0) {
            throw refuse(ConfigProblem.LISTENER_NOT_FOUND, where + ".ListenerId",
                    "no listener '" + call.listenerId() + "'");
        }
        ListenerConfig listener = listeners.get(li);
        if (!listener.protocol().isLayer7()) {
            throw refuse(ConfigProblem.PROTOCOL_CHECK_FAILED, where + ".ListenerId",
                    "listener '" + listener.listenerId() + "' is " + listener.protocol()
                            + "; functions bind only to HTTP/HTTPS rules");
        }
        int ri = -1;
        if (!call.locationId().isEmpty()) {
            for (int i = 0; i < listener.rules().size(); i++) {
                if (listener.rules().get(i).locationId().equals(call.locationId())) {
                    ri = i;
                }
            }
            if (ri < 0) {
                throw refuse(ConfigProblem.LOCATION_NOT_FOUND, where + ".LocationId",
                        "no rule '" + call.locationId() + "' in listener '" + listener.listenerId() + "'");
            }
        } else {
            if (call.domain().isEmpty() || call.url().isEmpty()) {
                throw refuse(ConfigProblem.MISSING_PARAMETER, where,
                        "LocationId, or Domain and Url, are required to name a layer-7 rule");
            }
            for (int i = 0; i < listener.rules().size(); i++) {
                RuleConfig r = listener.rules().get(i);
                if (r.url().equals(call.url()) && r.domains().stream().anyMatch(d -> d.equalsIgnoreCase(call.domain()))) {
                    ri = i;
                }
            }
            if (ri < 0) {
                throw refuse(ConfigProblem.LOCATION_NOT_FOUND, where + ".Domain",
                        "no rule for domain '" + call.domain() + "' and URL '" + call.url() + "' in listener '"
                                + listener.listenerId() + "'");
            }
        }
        RuleConfig rule = listener.rules().get(ri);
        List<FunctionTarget> merged = new ArrayList<>(rule.targets());
        for (FunctionTarget t : call.targets()) {
            for (FunctionTarget bound : merged) {
                if (bound.function().equals(t.function())) {
                    throw refuse(ConfigProblem.DUPLICATE, where + ".FunctionTargets",
                            "'" + t.function() + "' is already bound to rule '" + rule.locationId() + "'");
                }
                if (!bound.function().sameFunction(t.function())) {
                    throw refuse(ConfigProblem.LIMIT_EXCEEDED, where + ".FunctionTargets",
                            "rule '" + rule.locationId() + "' already binds function '" + bound.function()
                                    + "'; a forwarding rule binds only one function");
                }
            }
            merged.add(t);
        }
        List<RuleConfig> rules = new ArrayList<>(listener.rules());
        rules.set(ri, new RuleConfig(rule.locationId(), rule.domains(), rule.url(), rule.defaultServer(), merged));
        List<ListenerConfig> ls = new ArrayList<>(listeners);
        ls.set(li, new ListenerConfig(listener.listenerId(), listener.protocol(), listener.port(), rules));
        LoadBalancerConfig next = new LoadBalancerConfig(loadBalancerId, ls);
        List<ConfigProblem> problems = ConfigValidator.validate(next, false);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return next;
    }

    private int indexOfListener(String id) {
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).listenerId().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static ConfigException refuse(String code, String where, String what) {
        return new ConfigException(List.of(new ConfigProblem(code, where, what)));
    }
}
