package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clbtrigger.matcher.FunctionRef;
import io.github.clbtrigger.matcher.FunctionTarget;
import io.github.clbtrigger.matcher.RuleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code RegisterFunctionTargets}, {@code DeregisterFunctionTargets} and {@code ModifyFunctionTargets}: bind, unbind
 * and replace the functions of a layer-7 rule named by {@code LocationId} or {@code Domain} + {@code Url}.
 *
 * <p>As CLB: only HTTP/HTTPS listeners ({@code InvalidParameter.ProtocolCheckFailed}); one function per rule, so a
 * second function, or a target already bound, is {@code InvalidParameterValue.Duplicate} (several qualifiers of the
 * one function may share a rule, split by {@code Weight}); {@code Weight} 0-100, 10 when omitted. Unlike the cloud,
 * a function must be defined in the configuration's {@code Functions} section ({@code ResourceNotFound}).
 */
final class BindingActions {
    /** Weight written when a target omits it (Terraform's default too). */
    static final int DEFAULT_WEIGHT = 10;
    /** Most targets accepted in one call. */
    static final int MAX_TARGETS = 20;

    static final Schema FUNCTION_INFO = Schema.object()
            .required("FunctionNamespace", Schema.STRING)
            .required("FunctionName", Schema.STRING)
            .required("FunctionQualifier", Schema.STRING)
            .optional("FunctionQualifierType", Schema.STRING)
            .build();
    static final Schema FUNCTION_TARGET = Schema.object()
            .required("Function", FUNCTION_INFO)
            .optional("Weight", Schema.INT)
            .build();
    static final Schema PARAMS = Schema.object()
            .required("LoadBalancerId", Schema.STRING)
            .required("ListenerId", Schema.STRING)
            .required("FunctionTargets", Schema.array(FUNCTION_TARGET, MAX_TARGETS))
            .optional("LocationId", Schema.STRING)
            .optional("Domain", Schema.STRING)
            .optional("Url", Schema.STRING)
            .build();

    private BindingActions() {
    }

    static void register(Map<String, Action> into) {
        into.put("RegisterFunctionTargets", Action.change("RegisterFunctionTargets", PARAMS, BindingActions::bind));
        into.put("DeregisterFunctionTargets", Action.change("DeregisterFunctionTargets", PARAMS, BindingActions::unbind));
        into.put("ModifyFunctionTargets", Action.change("ModifyFunctionTargets", PARAMS, BindingActions::modify));
    }

    private static Action.Result bind(ObjectNode params, ConfigStore.State base, Ids ids) {
        Located at = locate(params, base);
        List<FunctionTarget> wanted = targets(params, base, true);
        List<FunctionTarget> merged = new ArrayList<>(at.rule.targets());
        for (FunctionTarget t : wanted) {
            for (FunctionTarget bound : merged) {
                if (same(bound.function(), t.function())) {
                    throw new ApiError(ApiError.DUPLICATE, "The function '" + t.function()
                            + "' is already bound to rule '" + at.rule.locationId() + "'.");
                }
                if (!bound.function().sameFunction(t.function())) {
                    throw new ApiError(ApiError.DUPLICATE, "The rule '" + at.rule.locationId() + "' already binds"
                            + " function '" + bound.function() + "'; a forwarding rule binds only one function.");
                }
            }
            merged.add(t);
        }
        return write(base, at, merged);
    }

    private static Action.Result unbind(ObjectNode params, ConfigStore.State base, Ids ids) {
        Located at = locate(params, base);
        List<FunctionTarget> wanted = targets(params, base, false);
        List<FunctionTarget> left = new ArrayList<>(at.rule.targets());
        for (FunctionTarget t : wanted) {
            if (!left.removeIf(b -> same(b.function(), t.function()))) {
                throw new ApiError(ApiError.INVALID_VALUE, "The function '" + t.function() + "' is not bound to rule '"
                        + at.rule.locationId() + "'.");
            }
        }
        return write(base, at, left);
    }

    private static Action.Result modify(ObjectNode params, ConfigStore.State base, Ids ids) {
        Located at = locate(params, base);
        List<FunctionTarget> wanted = targets(params, base, true);
        if (at.rule.targets().isEmpty()) {
            throw new ApiError(ApiError.FAILED_OPERATION, "The rule '" + at.rule.locationId()
                    + "' binds no function; bind one with RegisterFunctionTargets.");
        }
        for (int i = 0; i < wanted.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (same(wanted.get(j).function(), wanted.get(i).function())) {
                    throw new ApiError(ApiError.DUPLICATE, "The parameter `$.FunctionTargets[" + i + "]` repeats '"
                            + wanted.get(i).function() + "'.");
                }
                if (!wanted.get(j).function().sameFunction(wanted.get(i).function())) {
                    throw new ApiError(ApiError.DUPLICATE, "The parameter `$.FunctionTargets` names two functions;"
                            + " a forwarding rule binds only one function.");
                }
            }
        }
        return write(base, at, wanted);
    }

    /** The same function and qualifier; the qualifier type only describes the qualifier. */
    static boolean same(FunctionRef a, FunctionRef b) {
        return a.sameFunction(b) && a.qualifier().equals(b.qualifier());
    }

    private record Located(int listener, int rule0, RuleConfig rule) {
    }

    private static Located locate(ObjectNode params, ConfigStore.State base) {
        Resources.checkLoadBalancer(params, base);
        int li = Resources.layer7Listener(base, Resources.text(params, "ListenerId"));
        int ri = Resources.rule(base, li, params);
        return new Located(li, ri, base.config().listeners().get(li).rules().get(ri));
    }

    /** The targets of the call, checked; {@code defined} also requires each in the Functions section. */
    private static List<FunctionTarget> targets(ObjectNode params, ConfigStore.State base, boolean defined) {
        List<FunctionTarget> out = new ArrayList<>();
        JsonNode ts = params.get("FunctionTargets");
        for (int i = 0; i < ts.size(); i++) {
            JsonNode t = ts.get(i);
            JsonNode f = t.get("Function");
            String at = "$.FunctionTargets[" + i + "]";
            String type = Json.text(f, "FunctionQualifierType").orElse("VERSION");
            if (!type.equals("VERSION") && !type.equals("ALIAS")) {
                throw new ApiError(ApiError.FORMAT_ERROR, "The parameter `" + at + ".Function.FunctionQualifierType`"
                        + " must be VERSION or ALIAS, not " + Json.quote(type) + ".");
            }
            long weight = t.hasNonNull("Weight") ? t.get("Weight").asLong() : DEFAULT_WEIGHT;
            if (weight < 0 || weight > 100) {
                throw new ApiError(ApiError.VALUE_RANGE, "The parameter `" + at + ".Weight` must be 0-100, not "
                        + weight + ".");
            }
            FunctionRef ref = new FunctionRef(Json.text(f, "FunctionNamespace").orElseThrow(),
                    Json.text(f, "FunctionName").orElseThrow(), Json.text(f, "FunctionQualifier").orElseThrow(), type);
            if (defined && !base.functions().contains(ConfigStore.key(ref.namespace(), ref.name(), ref.qualifier()))) {
                throw new ApiError(ApiError.RESOURCE_NOT_FOUND, "The function '" + ref + "' (`" + at
                        + ".Function`) is not defined in the configuration's Functions section.");
            }
            out.add(new FunctionTarget(ref, (int) weight));
        }
        return out;
    }

    private static Action.Result write(ConfigStore.State base, Located at, List<FunctionTarget> targets) {
        ObjectNode root = base.edit(at.listener);
        ObjectNode rule = Resources.ruleNode(root, at.listener, at.rule0);
        ArrayNode out = rule.putArray("FunctionTargets");
        for (FunctionTarget t : targets) {
            ObjectNode n = out.addObject();
            ObjectNode f = n.putObject("Function");
            f.put("FunctionNamespace", t.function().namespace());
            f.put("FunctionName", t.function().name());
            f.put("FunctionQualifier", t.function().qualifier());
            f.put("FunctionQualifierType", t.function().qualifierType());
            n.put("Weight", t.weight());
        }
        if (targets.isEmpty()) {
            rule.remove("FunctionTargets");
        }
        return new Action.Result(root, Json.MAPPER.createObjectNode());
    }
}
