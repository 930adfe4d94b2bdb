package io.github.clbtrigger.api;

import io.github.clbtrigger.matcher.LoadBalancerConfig;
import java.util.Optional;

/**
 * The data plane, as the control plane sees it: something that serves a configuration text from now on.
 * {@code clb serve} implements it with the filter's synchronous reload; tests with a recording lambda.
 *
 * <p>{@link #apply} is called with the control plane's lock held, after the text was validated and written to the
 * file, and before the change is reported done. It should swap the routing snapshot atomically and return once
 * requests are routed by the new text.
 */
@FunctionalInterface
public interface ConfigTarget {
    /**
     * Serves {@code configJson} from now on.
     *
     * @param configJson the whole configuration file's new text, valid for the matcher
     * @throws RejectedConfig if the data plane cannot serve it (e.g. a listener port it cannot bind); the previous
     *                        configuration must then still be served
     */
    void apply(String configJson) throws RejectedConfig;

    /**
     * As {@link #apply(String)}, with the configuration already parsed and validated by the control plane: a data
     * plane that can compile it directly saves parsing the text again (at 10,000 rules, a large part of a change).
     * The listeners a change did not touch are the very {@link io.github.clbtrigger.matcher.ListenerConfig} objects
     * of the previous call's {@code parsed}, so a data plane compiling with
     * {@link io.github.clbtrigger.matcher.RouteTable#compile(LoadBalancerConfig, io.github.clbtrigger.matcher.RouteTable)}
     * (as {@code ClbTriggerFilter.apply(String, LoadBalancerConfig)} does) recognizes them by identity and compiles
     * only the changed one. The default ignores {@code parsed}.
     *
     * @param configJson the whole configuration file's new text
     * @param parsed     that text, parsed by {@link LoadBalancerConfig#parse(String)}; it passed
     *                   {@link io.github.clbtrigger.matcher.ConfigValidator#validate} without quotas
     * @throws RejectedConfig as {@link #apply(String)}
     */
    default void apply(String configJson, LoadBalancerConfig parsed) throws RejectedConfig {
        apply(configJson);
    }

    /**
     * As {@link #apply(String, LoadBalancerConfig)}, also with the text's top-level {@code Functions} member as the
     * control plane read it, so that a data plane need not look for it in the whole text (at 10,000 rules, a scan of
     * about a megabyte for a member of a few hundred bytes). The control plane calls this one for every text it
     * printed from its own tree; the default ignores {@code functions}.
     *
     * @param configJson the whole configuration file's new text
     * @param parsed     as {@link #apply(String, LoadBalancerConfig)}
     * @param functions  the value of {@code configJson}'s top-level {@code Functions} member, as compact JSON (the
     *                   same JSON value, maybe formatted otherwise), or empty when it has none
     * @throws RejectedConfig as {@link #apply(String)}
     */
    default void apply(String configJson, LoadBalancerConfig parsed, Optional<String> functions)
            throws RejectedConfig {
        apply(configJson, parsed);
    }
}
