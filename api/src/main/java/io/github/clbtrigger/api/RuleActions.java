package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.Protocol;
import io.github.clbtrigger.matcher.RuleConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code CreateListener}, {@code DeleteListener}, {@code CreateRule}, {@code DeleteRule} and {@code ModifyRule}.
 * The edited configuration then passes the matcher's validator, so a URL, a domain, a duplicate rule or a port in
 * use is refused with the same code and JSON path as in the file ({@code InvalidParameter.FormatError:
 * $.Listeners[0].Rules[3].Url ...}).
 */
final class RuleActions {
    /** Most listeners, or rules, created by one call. */
    static final int MAX_PER_CALL = 50;

    private static final Schema CREATE_LISTENER = Schema.object()
            .required("LoadBalancerId", Schema.STRING)
            .required("Ports", Schema.array(Schema.INT, MAX_PER_CALL))
            .required("Protocol", Schema.STRING)
            .optional("ListenerNames", Schema.array(Schema.STRING, MAX_PER_CALL))
            .ignored("HealthCheck", "Certificate", "SessionExpireTime", "Scheduler", "SniSwitch", "TargetType",
                    "SessionType", "KeepaliveEnable", "EndPort", "DeregisterTargetRst", "MultiCertInfo", "MaxConn",
                    "MaxCps", "IdleConnectTimeout", "ProxyProtocol", "SnatEnable", "FullEndPorts", "H2cSwitch",
                    "SslCloseSwitch", "DataCompressMode", "RescheduleTargetZeroWeight", "RescheduleUnhealthy",
                    "RescheduleExpandTarget", "RescheduleStartTime", "RescheduleInterval")
            .build();
    private static final Schema DELETE_LISTENER = Schema.object()
            .required("LoadBalancerId", Schema.STRING)
            .required("ListenerId", Schema.STRING)
            .build();
    private static final Schema RULE_INPUT = Schema.object()
            .required("Url", Schema.STRING)
            .optional("Domain", Schema.STRING)
            .optional("Domains", Schema.array(Schema.STRING, MAX_PER_CALL))
            .optional("DefaultServer", Schema.BOOL)
            .ignored("SessionExpireTime", "HealthCheck", "Certificate", "Scheduler", "ForwardType", "Http2",
                    "TargetType", "TrpcCallee", "TrpcFunc", "Quic", "MultiCertInfo", "CookieName")
            .build();
    private static final Schema CREATE_RULE = Schema.object()
            .required("LoadBalancerId", Schema.STRING)
            .required("ListenerId", Schema.STRING)
            .required("Rules", Schema.array(RULE_INPUT, MAX_PER_CALL))
            .build();
    private static final Schema DELETE_RULE = Schema.object()
            .required("LoadBalancerId", Schema.STRING)
            .required("ListenerId", Schema.STRING)
            .optional("LocationIds", Schema.array(Schema.STRING, MAX_PER_CALL))
            .optional("Domain", Schema.STRING)
            .optional("Url", Schema.STRING)
            .optional("NewDefaultServerDomain", Schema.STRING)
            .build();
    private static final Schema MODIFY_RULE = Schema.object()
            .required("LoadBalancerId", Schema.STRING)
            .required("ListenerId", Schema.STRING)
            .required("LocationId", Schema.STRING)
            .optional("Url", Schema.STRING)
            .ignored("HealthCheck", "Scheduler", "SessionExpireTime", "ForwardType", "TrpcCallee", "TrpcFunc", "OAuth",
                    "CookieName")
            .build();

    private RuleActions() {
    }

    static void register(Map<String, Action> into) {
        into.put("CreateListener", Action.change("CreateListener", CREATE_LISTENER, RuleActions::createListener));
        into.put("DeleteListener", Action.change("DeleteListener", DELETE_LISTENER, RuleActions::deleteListener));
        into.put("CreateRule", Action.change("CreateRule", CREATE_RULE, RuleActions::createRule));
        into.put("DeleteRule", Action.change("DeleteRule", DELETE_RULE, RuleActions::deleteRule));
        into.put("ModifyRule", Action.change("ModifyRule", MODIFY_RULE, RuleActions::modifyRule));
    }

    private static Action.Result createListener(ObjectNode params, ConfigStore.State base, Ids ids) {
        Resources.checkLoadBalancer(params, base);
        String p = Resources.text(params, "Protocol").toUpperCase(Locale.ROOT);
        Protocol protocol = Protocol.byName(p).filter(x -> x == Protocol.HTTP || x == Protocol.HTTPS
                || x == Protocol.TCP || x == Protocol.UDP).orElseThrow(() -> new ApiError(ApiError.FORMAT_ERROR,
                "The parameter `$.Protocol` must be HTTP, HTTPS, TCP or UDP, not "
                        + Json.quote(Resources.text(params, "Protocol")) + "."));
        JsonNode ports = params.get("Ports");
        JsonNode names = params.get("ListenerNames");
        if (names != null && !names.isNull() && names.size() != ports.size()) {
            throw new ApiError(ApiError.VALUE_LENGTH, "The parameter `$.ListenerNames` has " + names.size()
                    + " names for " + ports.size() + " ports.");
        }
        ObjectNode root = base.edit(-1);
        ArrayNode listeners = Resources.listenersNode(root);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode created = answer.putArray("ListenerIds");
        Set<String> taken = Resources.takenIds(base);
        for (int i = 0; i < ports.size(); i++) {
            long port = ports.get(i).asLong();
            if (port < 1 || port > 65535) {
                throw new ApiError(ApiError.VALUE_RANGE, "The parameter `$.Ports[" + i + "]` must be 1-65535, not "
                        + port + ".");
            }
            String id = ids.next("lbl-", taken);
            ObjectNode l = listeners.addObject();
            l.put("ListenerId", id);
            if (names != null && !names.isNull()) {
                l.put("ListenerName", names.get(i).asText());
            }
            l.put("Protocol", protocol.name());
            l.put("Port", (int) port);
            if (protocol.isLayer7()) {
                l.putArray("Rules");
            }
            created.add(id);
        }
        return new Action.Result(root, answer);
    }

    private static Action.Result deleteListener(ObjectNode params, ConfigStore.State base, Ids ids) {
        Resources.checkLoadBalancer(params, base);
        int li = Resources.listener(base, Resources.text(params, "ListenerId"));
        ObjectNode root = base.edit(-1);
        Resources.listenersNode(root).remove(li);
        return new Action.Result(root, Json.MAPPER.createObjectNode());
    }

    private static Action.Result createRule(ObjectNode params, ConfigStore.State base, Ids ids) {
        Resources.checkLoadBalancer(params, base);
        int li = Resources.layer7Listener(base, Resources.text(params, "ListenerId"));
        ObjectNode root = base.edit(li);
        ArrayNode rules = Resources.rulesNode(Resources.listenerNode(root, li));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode created = answer.putArray("LocationIds");
        Set<String> taken = Resources.takenIds(base);
        JsonNode inputs = params.get("Rules");
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = inputs.get(i);
            boolean hasDomain = Json.text(in, "Domain").filter(d -> !d.isEmpty()).isPresent();
            boolean hasDomains = in.hasNonNull("Domains") && !in.get("Domains").isEmpty();
            if (!hasDomain && !hasDomains) {
                throw new ApiError(ApiError.MISSING_PARAMETER, "The parameter `$.Rules[" + i + "].Domain` (or"
                        + " `Domains`) is missing.");
            }
            String id = ids.next("loc-", taken);
            ObjectNode r = rules.addObject();
            r.put("LocationId", id);
            if (hasDomains) {
                r.set("Domains", in.get("Domains").deepCopy());
            } else {
                r.put("Domain", in.get("Domain").asText());
            }
            r.put("Url", in.get("Url").asText());
            if (in.hasNonNull("DefaultServer") && in.get("DefaultServer").asBoolean()) {
                r.put("DefaultServer", true);
            }
            created.add(id);
        }
        return new Action.Result(root, answer);
    }

    private static Action.Result deleteRule(ObjectNode params, ConfigStore.State base, Ids ids) {
        Resources.checkLoadBalancer(params, base);
        int li = Resources.layer7Listener(base, Resources.text(params, "ListenerId"));
        ListenerConfig l = base.config().listeners().get(li);
        Set<Integer> doomed = new LinkedHashSet<>();
        JsonNode locations = params.get("LocationIds");
        if (locations != null && !locations.isNull() && !locations.isEmpty()) {
            for (int i = 0; i < locations.size(); i++) {
                String id = locations.get(i).asText();
                int found = -1;
                for (int r = 0; r < l.rules().size(); r++) {
                    if (l.rules().get(r).locationId().equals(id)) {
                        found = r;
                    }
                }
                if (found < 0) {
                    throw new ApiError(ApiError.LOCATION_NOT_FOUND, "The rule " + Json.quote(id) + " (`$.LocationIds["
                            + i + "]`) does not exist in listener '" + l.listenerId() + "'.");
                }
                doomed.add(found);
            }
        } else {
            doomed.add(Resources.rule(base, li, params));
        }
        ObjectNode root = base.edit(li);
        ArrayNode rules = Resources.rulesNode(Resources.listenerNode(root, li));
        List<Integer> order = new ArrayList<>(doomed);
        order.sort((a, b) -> b - a);
        for (int r : order) {
            rules.remove(r);
        }
        String newDefault = Resources.text(params, "NewDefaultServerDomain");
        if (!newDefault.isEmpty()) {
            setDefaultDomain(rules, newDefault);
        }
        return new Action.Result(root, Json.MAPPER.createObjectNode());
    }

    /** Makes {@code domain} the listener's default: the first rule under it is marked, every other mark removed. */
    private static void setDefaultDomain(ArrayNode rules, String domain) {
        int first = -1;
        for (int r = 0; r < rules.size() && first < 0; r++) {
            for (String d : domains(rules.get(r))) {
                if (d.equalsIgnoreCase(domain)) {
                    first = r;
                }
            }
        }
        if (first < 0) {
            throw new ApiError(ApiError.INVALID_VALUE, "The parameter `$.NewDefaultServerDomain` names "
                    + Json.quote(domain) + ", which no remaining rule of the listener has.");
        }
        for (int r = 0; r < rules.size(); r++) {
            ((ObjectNode) rules.get(r)).remove("DefaultServer");
        }
        ((ObjectNode) rules.get(first)).put("DefaultServer", true);
    }

    private static List<String> domains(JsonNode rule) {
        List<String> out = new ArrayList<>();
        Json.text(rule, "Domain").ifPresent(out::add);
        JsonNode ds = rule.get("Domains");
        if (ds != null && ds.isArray()) {
            ds.forEach(d -> out.add(d.asText()));
        }
        return out;
    }

    private static Action.Result modifyRule(ObjectNode params, ConfigStore.State base, Ids ids) {
        Resources.checkLoadBalancer(params, base);
        int li = Resources.layer7Listener(base, Resources.text(params, "ListenerId"));
        int ri = Resources.rule(base, li, params);
        RuleConfig rule = base.config().listeners().get(li).rules().get(ri);
        ObjectNode root = base.edit(li);
        String url = Resources.text(params, "Url");
        if (!url.isEmpty() && !url.equals(rule.url())) {
            Resources.ruleNode(root, li, ri).put("Url", url);
        }
        return new Action.Result(root, Json.MAPPER.createObjectNode());
    }
}
