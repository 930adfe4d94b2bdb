package io.github.clbtrigger.matcher;

import java.util.List;
import java.util.Objects;

/**
 * A {@code RegisterFunctionTargets} call: bind functions to a layer-7 rule, named by {@code locationId} or by
 * {@code domain} + {@code url}. Apply it with {@link LoadBalancerConfig#withFunctionTargets}.
 *
 * @param loadBalancerId {@code LoadBalancerId}; must equal the configuration's id when that is set
 * @param listenerId     {@code ListenerId}
 * @param targets        {@code FunctionTargets}, at least one
 * @param locationId     {@code LocationId}, or {@code ""} to name the rule by domain and URL
 * @param domain         {@code Domain}, ignored when {@code locationId} is given
 * @param url            {@code Url}, ignored when {@code locationId} is given
 */
public record RegisterFunctionTargets(String loadBalancerId, String listenerId, List<FunctionTarget> targets,
                                      String locationId, String domain, String url) {
    /**
     * Copies the target list; a null string component becomes {@code ""} (not given).
     *
     * @throws NullPointerException if {@code targets} or one of its elements is null
     */
    public RegisterFunctionTargets {
        loadBalancerId = Objects.requireNonNullElse(loadBalancerId, "");
        listenerId = Objects.requireNonNullElse(listenerId, "");
        targets = List.copyOf(targets);
        locationId = Objects.requireNonNullElse(locationId, "");
        domain = Objects.requireNonNullElse(domain, "");
        url = Objects.requireNonNullElse(url, "");
    }
}
