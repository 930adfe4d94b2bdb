package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clbtrigger.matcher.FunctionTarget;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.RuleConfig;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code DescribeTargets} (the bindings, under {@code Listeners[].Rules[].FunctionTargets}), {@code DescribeListeners}
 * (listeners and rules without bindings, as the cloud) and {@code DescribeLoadBalancers}. Functions are shown with
 * the defaults filled in: namespace {@code default}, qualifier {@code $LATEST}, type {@code VERSION}.
 */
final class DescribeActions {
    private static final Schema FILTER = Schema.object()
            .required("Name", Schema.STRING)
            .required("Values", Schema.array(Schema.STRING, 100))
            .build();
    private static final Schema DESCRIBE_TARGETS = Schema.object()
            .required("LoadBalancerId", Schema.STRING)
            .optional("ListenerIds", Schema.array(Schema.STRING, 20))
            .optional("Protocol", Schema.STRING)
            .optional("Port", Schema.INT)
            .optional("Filters", Schema.array(FILTER, 10))
            .build();
    private static final Schema DESCRIBE_LISTENERS = Schema.object()
            .required("LoadBalancerId", Schema.STRING)
            .optional("ListenerIds", Schema.array(Schema.STRING, 100))
            .optional("Protocol", Schema.STRING)
            .optional("Port", Schema.INT)
            .build();
    private static final Schema DESCRIBE_LOAD_BALANCERS = Schema.object()
            .optional("LoadBalancerIds", Schema.array(Schema.STRING, 20))
            .optional("Offset", Schema.INT)
            .optional("Limit", Schema.INT)
            .ignored("LoadBalancerType", "Forward", "LoadBalancerName", "Domain", "LoadBalancerVips",
                    "BackendPublicIps", "BackendPrivateIps", "OrderBy", "OrderType", "SearchKey", "ProjectId", "WithRs",
                    "VpcId", "SecurityGroup", "MasterZone", "Filters", "AdditionalFields")
            .build();

    private DescribeActions() {
    }

    static void register(Map<String, Action> into) {
        into.put("DescribeTargets", Action.query("DescribeTargets", DESCRIBE_TARGETS, DescribeActions::targets));
        into.put("DescribeListeners", Action.query("DescribeListeners", DESCRIBE_LISTENERS, DescribeActions::listeners));
        into.put("DescribeLoadBalancers",
                Action.query("DescribeLoadBalancers", DESCRIBE_LOAD_BALANCERS, DescribeActions::loadBalancers));
    }

    private static ObjectNode targets(ObjectNode params, ConfigStore.State s) {
        Resources.checkLoadBalancer(params, s);
        Set<String> locations = null;
        JsonNode filters = params.get("Filters");
        if (filters != null && filters.isArray()) {
            for (int i = 0; i < filters.size(); i++) {
                JsonNode f = filters.get(i);
                String name = f.get("Name").asText();
                if (!name.equals("location-id")) {
                    throw new ApiError(ApiError.INVALID_VALUE, "The parameter `$.Filters[" + i + "].Name` "
                            + Json.quote(name) + " is not supported here; only location-id is.");
                }
                locations = new HashSet<>();
                for (JsonNode v : f.get("Values")) {
                    locations.add(v.asText());
                }
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode ls = out.putArray("Listeners");
        for (ListenerConfig l : s.config().listeners()) {
            if (!selected(params, l)) {
                continue;
            }
            ObjectNode ln = listenerNode(ls, l);
            if (l.protocol().isLayer7()) {
                ArrayNode rs = ln.putArray("Rules");
                for (RuleConfig r : l.rules()) {
                    if (locations != null && !locations.contains(r.locationId())) {
                        continue;
                    }
                    ObjectNode rn = ruleNode(rs, r);
                    rn.putArray("Targets");
                    ArrayNode fts = rn.putArray("FunctionTargets");
                    for (FunctionTarget t : r.targets()) {
                        ObjectNode tn = fts.addObject();
                        ObjectNode fn = tn.putObject("Function");
                        fn.put("FunctionNamespace", t.function().namespace());
                        fn.put("FunctionName", t.function().name());
                        fn.put("FunctionQualifier", t.function().qualifier());
                        fn.put("FunctionQualifierType", t.function().qualifierType());
                        tn.put("Weight", t.weight());
                    }
                }
            } else {
                ln.putArray("Targets");
            }
        }
        return out;
    }

    /** A listener as both Describe actions start it: {@code ListenerId}, {@code Protocol}, {@code Port}. */
    private static ObjectNode listenerNode(ArrayNode listeners, ListenerConfig l) {
        ObjectNode ln = listeners.addObject();
        ln.put("ListenerId", l.listenerId());
        ln.put("Protocol", l.protocol().name());
        ln.put("Port", l.port());
        return ln;
    }

    /** A rule as both Describe actions start it: {@code LocationId}, the first {@code Domain}, {@code Url}. */
    private static ObjectNode ruleNode(ArrayNode rules, RuleConfig r) {
        ObjectNode rn = rules.addObject();
        rn.put("LocationId", r.locationId());
        rn.put("Domain", r.domains().isEmpty() ? "" : r.domains().get(0));
        rn.put("Url", r.url());
        return rn;
    }

    private static ObjectNode listeners(ObjectNode params, ConfigStore.State s) {
        Resources.checkLoadBalancer(params, s);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode ls = out.putArray("Listeners");
        JsonNode tree = s.body().path("Listeners");
        for (int li = 0; li < s.config().listeners().size(); li++) {
            ListenerConfig l = s.config().listeners().get(li);
            if (!selected(params, l)) {
                continue;
            }
            ObjectNode ln = listenerNode(ls, l);
            ln.put("ListenerName", Json.text(tree.path(li), "ListenerName").orElse(""));
            if (l.protocol().isLayer7()) {
                ArrayNode rs = ln.putArray("Rules");
                for (RuleConfig r : l.rules()) {
                    ObjectNode rn = ruleNode(rs, r);
                    rn.put("ListenerId", l.listenerId());
                    rn.put("DefaultServer", r.defaultServer());
                    rn.put("TargetType", "NODE");
                    ArrayNode ds = rn.putArray("Domains");
                    r.domains().forEach(ds::add);
                }
            }
        }
        out.put("TotalCount", ls.size());
        return out;
    }

    private static boolean selected(ObjectNode params, ListenerConfig l) {
        JsonNode ids = params.get("ListenerIds");
        if (ids != null && ids.isArray() && !ids.isEmpty()) {
            boolean found = false;
            for (JsonNode id : ids) {
                found |= id.asText().equals(l.listenerId());
            }
            if (!found) {
                return false;
            }
        }
        String protocol = Resources.text(params, "Protocol");
        if (!protocol.isEmpty() && !protocol.toUpperCase(Locale.ROOT).equals(l.protocol().name())) {
            return false;
        }
        JsonNode port = params.get("Port");
        return port == null || port.isNull() || port.asLong() == l.port();
    }

    private static ObjectNode loadBalancers(ObjectNode params, ConfigStore.State s) {
        long offset = params.hasNonNull("Offset") ? params.get("Offset").asLong() : 0;
        long limit = params.hasNonNull("Limit") ? params.get("Limit").asLong() : 20;
        if (offset < 0) {
            throw new ApiError(ApiError.VALUE_RANGE, "The parameter `$.Offset` must not be negative.");
        }
        if (limit < 0 || limit > 100) {
            throw new ApiError(ApiError.VALUE_RANGE, "The parameter `$.Limit` must be 0-100, not " + limit + ".");
        }
        boolean wanted = true;
        JsonNode ids = params.get("LoadBalancerIds");
        if (ids != null && ids.isArray() && !ids.isEmpty()) {
            wanted = false;
            for (JsonNode id : ids) {
                wanted |= id.asText().equals(s.loadBalancerId());
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("TotalCount", wanted ? 1 : 0);
        ArrayNode set = out.putArray("LoadBalancerSet");
        if (wanted && offset == 0 && limit > 0) {
            ObjectNode lb = set.addObject();
            lb.put("LoadBalancerId", s.loadBalancerId());
            lb.put("LoadBalancerName", Json.text(s.body(), "LoadBalancerName").orElse(s.loadBalancerId()));
            lb.put("LoadBalancerType", "INTERNAL");
            lb.put("Forward", 1);
            lb.put("Status", 1);
            lb.put("AddressIPVersion", "ipv4");
            lb.putArray("LoadBalancerVips").add("127.0.0.1");
        }
        return out;
    }
}
