/**
 * CLB layer-7 forwarding rules with nginx semantics: the configuration model, its validation and the compiled
 * route table.
 *
 * <p>The public surface is small:
 * <ul>
 *   <li>{@link io.github.clbtrigger.matcher.LoadBalancerConfig} and the records it holds
 *       ({@link io.github.clbtrigger.matcher.ListenerConfig}, {@link io.github.clbtrigger.matcher.RuleConfig},
 *       {@link io.github.clbtrigger.matcher.FunctionTarget}, {@link io.github.clbtrigger.matcher.FunctionRef},
 *       {@link io.github.clbtrigger.matcher.Protocol}) — Tencent's {@code DescribeListeners} shape, parsed from JSON;
 *   <li>{@link io.github.clbtrigger.matcher.RegisterFunctionTargets} — the programmatic binding call;
 *   <li>{@link io.github.clbtrigger.matcher.ConfigValidator}, {@link io.github.clbtrigger.matcher.ConfigProblem} and
 *       {@link io.github.clbtrigger.matcher.ConfigException} — problems carry CLB's error codes and name the
 *       listener, rule and field;
 *   <li>{@link io.github.clbtrigger.matcher.RouteTable}, {@link io.github.clbtrigger.matcher.RouteResult} and
 *       {@link io.github.clbtrigger.matcher.Explained} — an immutable compiled table answering which rule serves a
 *       request.
 * </ul>
 *
 * <p>Everything else (domain and URL specs, the request-target normalizer, the indexes) is package-private. The
 * decision tables are in {@code docs/routing.md}. The module is pure: no servlet API, no logging framework.
 */
package io.github.clbtrigger.matcher;
