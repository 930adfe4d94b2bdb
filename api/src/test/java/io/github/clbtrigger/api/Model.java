package io.github.clbtrigger.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The naive reference: CLB's rules for rules and bindings written as plainly as possible, over lists. Answers each
 * call's error code ({@code ""} for success) and the bindings DescribeTargets should show.
 */
final class Model {
    static final Set<String> DEFINED = Set.of("hello:$LATEST", "other:$LATEST", "canary:1", "canary:2");

    record Rule(String id, String domain, String url, List<String> targets) {
    }

    /** Layer-7 listener id to its rules; {@code lbl-tcp} is layer 4. */
    final Map<String, List<Rule>> listeners = new LinkedHashMap<>();

    Model() {
        List<Rule> http = new ArrayList<>();
        http.add(new Rule("loc-hello", "localhost", "/hello", new ArrayList<>()));
        listeners.put("lbl-http", http);
    }

    /** The rule at {@code index} over all rules of the listener, or a rule id that does not exist. */
    String ruleId(String listener, int index) {
        List<Rule> rs = listeners.getOrDefault(listener, List.of());
        return rs.isEmpty() || index % (rs.size() + 1) == rs.size() ? "loc-nope" : rs.get(index % (rs.size() + 1)).id;
    }

    String createRule(String listener, String domain, String url) {
        if (listener.equals("lbl-tcp")) {
            return "InvalidParameter.ProtocolCheckFailed";
        }
        for (Rule r : listeners.get(listener)) {
            if (r.url.equals(url) && r.domain.toLowerCase(Locale.ROOT).equals(domain.toLowerCase(Locale.ROOT))) {
                return "InvalidParameterValue.Duplicate";
            }
        }
        return "";
    }

    void created(String listener, String id, String domain, String url) {
        listeners.get(listener).add(new Rule(id, domain, url, new ArrayList<>()));
    }

    String deleteRule(String listener, String id) {
        if (listener.equals("lbl-tcp")) {
            return "InvalidParameter.ProtocolCheckFailed";
        }
        return listeners.get(listener).removeIf(r -> r.id.equals(id)) ? "" : "InvalidParameter.LocationNotFound";
    }

    /** kind: register, deregister or modify; function as name:qualifier. */
    String bind(String kind, String listener, String id, String function, int weight) {
        if (listener.equals("lbl-tcp")) {
            return "InvalidParameter.ProtocolCheckFailed";
        }
        Rule rule = listeners.get(listener).stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
        if (rule == null) {
            return "InvalidParameter.LocationNotFound";
        }
        if (weight > 100) {
            return "InvalidParameterValue.Range";
        }
        if (!kind.equals("deregister") && !DEFINED.contains(function)) {
            return "ResourceNotFound";
        }
        String name = function.substring(0, function.indexOf(':'));
        switch (kind) {
            case "register" -> {
                for (String t : rule.targets) {
                    if (t.startsWith(function + "@") || !t.startsWith(name + ":")) {
                        return "InvalidParameterValue.Duplicate";
                    }
                }
                rule.targets.add(function + "@" + weight);
            }
            case "deregister" -> {
                if (!rule.targets.removeIf(t -> t.startsWith(function + "@"))) {
                    return "InvalidParameterValue";
                }
            }
            default -> {
                if (rule.targets.isEmpty()) {
                    return "FailedOperation";
                }
                rule.targets.clear();
                rule.targets.add(function + "@" + weight);
            }
        }
        return "";
    }

    /** As {@link Sdk#bindings}: {@code listener/location domainurl} to {@code default/name:qualifier@weight}. */
    Map<String, List<String>> bindings() {
        Map<String, List<String>> out = new TreeMap<>();
        listeners.forEach((l, rs) -> rs.forEach(r -> out.put(l + "/" + r.id + " " + r.domain + r.url,
                r.targets.stream().map(t -> "default/" + t).toList())));
        return out;
    }
}
