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
     * Creates the call; the target list is copied, a null string component becomes {@code ""} (not given).
     *
     * @param loadBalancerId see {@link #loadBalancerId()}
     * @param listenerId see {@link #listenerId()}
     * @param targets see {@link #targets()}
     * @param locationId see {@link #locationId()}
     * @param domain see {@link #domain()}
     * @param url see {@link #url()}
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
