package io.github.clbtrigger.matcher;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One layer-7 forwarding rule: a URL under one or more domains, bound to function targets.
 *
 * <p>Values are kept as configured; {@link ConfigValidator} checks them and {@link RouteTable#compile} compiles them.
 * A rule with several {@code domains} (CLB's {@code Domains}) is the same URL rule under each domain.
 *
 * @param locationId    CLB's {@code LocationId}, unique within the configuration
 * @param domains       the rule's domains, in configuration order (never empty for a parsed rule)
 * @param url           the URL rule, e.g. {@code /api}, {@code = /exact}, {@code ^~ /static}, {@code ~* \.png$}
 * @param defaultServer whether this rule's (first) domain is the listener's default domain
 * @param targets       the function targets, possibly empty (a rule with nothing bound)
 */
public record RuleConfig(String locationId, List<String> domains, String url, boolean defaultServer,
                         List<FunctionTarget> targets) {
    /**
     * Creates the value; lists are copied, and null components are refused as documented.
     *
     * @param locationId see {@link #locationId()}
     * @param domains see {@link #domains()}
     * @param url see {@link #url()}
     * @param defaultServer see {@link #defaultServer()}
     * @param targets see {@link #targets()}
     */
    public RuleConfig {
        Objects.requireNonNull(locationId, "locationId");
        domains = List.copyOf(domains);
        Objects.requireNonNull(url, "url");
        targets = List.copyOf(targets);
    }

    /**
     * Picks a target by {@code Weight}: target <i>i</i> is chosen with probability weight<sub>i</sub> / Σ weights.
     * When every weight is 0 the targets are chosen uniformly (CLB documents no behaviour for that case). The choice
     * depends only on {@code random}, so a seeded generator gives a reproducible sequence.
     *
     * @param random the source of randomness
     * @return the chosen target
     * @throws NoSuchElementException if the rule has no targets; see {@link #chooseTarget}
     */
    public FunctionTarget pickTarget(RandomGenerator random) {
        return chooseTarget(random).orElseThrow(
                () -> new NoSuchElementException("rule " + locationId + " has no function target bound"));
    }

    /**
     * As {@link #pickTarget}, but empty when the rule has no targets.
     *
     * @param random the source of randomness
     * @return the chosen target, or empty if none is bound
     */
    public Optional<FunctionTarget> chooseTarget(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        int n = targets.size();
        if (n == 0) {
            return Optional.empty();
        }
        if (n == 1) {
            return Optional.of(targets.get(0));
        }
        long total = 0;
        for (FunctionTarget t : targets) {
            total += Math.max(0, t.weight());
        }
        if (total == 0) {
            return Optional.of(targets.get(random.nextInt(n)));
        }
        long r = random.nextLong(total);
        for (FunctionTarget t : targets) {
            r -= Math.max(0, t.weight());
            if (r < 0) {
                return Optional.of(t);
            }
        }
        return Optional.of(targets.get(n - 1));
    }
}
