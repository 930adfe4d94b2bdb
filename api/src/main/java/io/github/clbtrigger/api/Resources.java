package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.RuleConfig;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Finding what a call names, with CLB's error codes. The typed configuration and the tree list listeners and rules
 * in the same order, so an index found in one addresses the other.
 */
final class Resources {
    private Resources() {
    }

    static String text(ObjectNode params, String name) {
        return Json.text(params, name).orElse("");
    }

    /** Refuses a {@code LoadBalancerId} other than the served one. */
    static void checkLoadBalancer(ObjectNode params, ConfigStore.State s) {
        String id = text(params, "LoadBalancerId");
        if (!id.equals(s.loadBalancerId())) {
            throw new ApiError(ApiError.LB_NOT_FOUND, "The load balancer " + Json.quote(id)
                    + " does not exist; this endpoint serves '" + s.loadBalancerId() + "'.");
        }
    }

    static int listener(ConfigStore.State s, String id) {
        for (int i = 0; i < s.config().listeners().size(); i++) {
            if (s.config().listeners().get(i).listenerId().equals(id)) {
                return i;
            }
        }
        throw new ApiError(ApiError.LISTENER_NOT_FOUND, "The listener " + Json.quote(id) + " does not exist.");
    }

    /** The index of a layer-7 listener, refusing a layer-4 one with {@code ProtocolCheckFailed}. */
    static int layer7Listener(ConfigStore.State s, String id) {
        int li = listener(s, id);
        ListenerConfig l = s.config().listeners().get(li);
        if (!l.protocol().isLayer7()) {
            throw new ApiError(ApiError.PROTOCOL_CHECK_FAILED, "The listener '" + id + "' is " + l.protocol()
                    + "; forwarding rules and functions need an HTTP or HTTPS listener.");
        }
        return li;
    }

    /** The rule named by {@code LocationId}, or else by {@code Domain} + {@code Url}. */
    static int rule(ConfigStore.State s, int li, ObjectNode params) {
        ListenerConfig l = s.config().listeners().get(li);
        String location = text(params, "LocationId");
        if (!location.isEmpty()) {
            for (int i = 0; i < l.rules().size(); i++) {
                if (l.rules().get(i).locationId().equals(location)) {
                    return i;
                }
            }
            throw new ApiError(ApiError.LOCATION_NOT_FOUND, "The rule " + Json.quote(location)
                    + " does not exist in listener '" + l.listenerId() + "'.");
        }
        String domain = text(params, "Domain");
        String url = text(params, "Url");
        if (domain.isEmpty() || url.isEmpty()) {
            throw new ApiError(ApiError.MISSING_PARAMETER, "The parameter `$.LocationId`, or `$.Domain` and `$.Url`,"
                    + " is missing.");
        }
        int found = ruleByDomainUrl(l, domain, url);
        if (found < 0) {
            throw new ApiError(ApiError.LOCATION_NOT_FOUND, "No rule for domain " + Json.quote(domain) + " and URL "
                    + Json.quote(url) + " in listener '" + l.listenerId() + "'.");
        }
        return found;
    }

    static int ruleByDomainUrl(ListenerConfig l, String domain, String url) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (int i = 0; i < l.rules().size(); i++) {
            RuleConfig r = l.rules().get(i);
            if (r.url().equals(url) && r.domains().stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).equals(d))) {
                return i;
            }
        }
        return -1;
    }

    static ArrayNode listenersNode(ObjectNode root) {
        ObjectNode body = ConfigStore.State.body(root);
        JsonNode ls = body.get("Listeners");
        if (ls instanceof ArrayNode a) {
            return a;
        }
        return body.putArray("Listeners");
    }

    static ObjectNode listenerNode(ObjectNode root, int li) {
        return (ObjectNode) listenersNode(root).get(li);
    }

    static ArrayNode rulesNode(ObjectNode listener) {
        JsonNode rs = listener.get("Rules");
        return rs instanceof ArrayNode a ? a : listener.putArray("Rules");
    }

    static ObjectNode ruleNode(ObjectNode root, int li, int ri) {
        return (ObjectNode) rulesNode(listenerNode(root, li)).get(ri);
    }

    /** Every ListenerId and LocationId in use: new ids avoid them. */
    static Set<String> takenIds(ConfigStore.State s) {
        Set<String> out = new HashSet<>();
        for (ListenerConfig l : s.config().listeners()) {
            out.add(l.listenerId());
            for (RuleConfig r : l.rules()) {
                out.add(r.locationId());
            }
        }
        return out;
    }
}
