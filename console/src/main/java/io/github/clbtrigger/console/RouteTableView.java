package io.github.clbtrigger.console;

import io.github.clbtrigger.functions.FunctionStatus;
import io.github.clbtrigger.functions.Snapshot;
import io.github.clbtrigger.matcher.FunctionTarget;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.RuleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the console shows of the route table: one row per rule, in the order the server lists them. The server fills
 * it from its compiled configuration and hands the console a new value after each reload.
 *
 * @param routes the rows
 */
public record RouteTableView(List<Route> routes) {

    /**
     * Copies the rows.
     *
     * @param routes see {@link #routes()}
     */
    public RouteTableView {
        routes = List.copyOf(routes);
    }

    /**
     * The view of what a filter serves: a row per domain of each layer-7 rule.
     *
     * @param snapshot the filter's snapshot ({@code ClbTriggerFilter.snapshot()})
     * @return the view
     */
    public static RouteTableView of(Snapshot snapshot) {
        List<Route> out = new ArrayList<>();
        for (ListenerConfig l : snapshot.routes().config().listeners()) {
            if (!l.protocol().isLayer7()) {
                continue;
            }
            for (RuleConfig rule : l.rules()) {
                List<Target> targets = new ArrayList<>();
                for (FunctionTarget t : rule.targets()) {
                    targets.add(new Target(new ExchangeRecord.Function(orDefault(t.function().namespace(), "default"),
                            t.function().name(), orDefault(t.function().qualifier(), "$LATEST")), t.weight()));
                }
                for (String domain : rule.domains()) {
                    out.add(new Route(l.listenerId(), l.protocol().name(), l.port(), domain, rule.url(),
                            rule.locationId(), targets));
                }
            }
        }
        return new RouteTableView(out);
    }

    /**
     * The functions of a filter's snapshot whose bootstrap is not ready, as readiness reasons
     * ({@code function default/web:$LATEST: bootstrap not ready}).
     *
     * @param snapshot what the filter serves now
     * @return the reasons, empty when every function is ready
     */
    public static List<String> functionsNotReady(Snapshot snapshot) {
        List<String> reasons = new ArrayList<>();
        for (FunctionStatus f : snapshot.status()) {
            if (!f.ready()) {
                reasons.add("function " + f.displayName() + ": bootstrap not ready");
            }
        }
        return reasons;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * The view of a server with no rules.
     *
     * @return an empty view
     */
    public static RouteTableView empty() {
        return new RouteTableView(List.of());
    }

    /**
     * One rule.
     *
     * @param listenerId the listener's id
     * @param protocol   the listener's protocol, e.g. {@code HTTP}
     * @param port       the listener's port
     * @param domain     the rule's domain
     * @param url        the rule's URL
     * @param locationId the rule's {@code LocationId}
     * @param targets    the functions bound to the rule, with their weights; empty when none is bound
     */
    public record Route(String listenerId, String protocol, int port, String domain, String url, String locationId,
            List<Target> targets) {
        /**
         * Checks that no part is null and copies the targets.
         *
         * @param listenerId see {@link #listenerId()}
         * @param protocol see {@link #protocol()}
         * @param port see {@link #port()}
         * @param domain see {@link #domain()}
         * @param url see {@link #url()}
         * @param locationId see {@link #locationId()}
         * @param targets see {@link #targets()}
         */
        public Route {
            Objects.requireNonNull(listenerId, "listenerId");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(locationId, "locationId");
            targets = List.copyOf(targets);
        }
    }

    /**
     * A function bound to a rule.
     *
     * @param function the function
     * @param weight   its weight among the rule's targets
     */
    public record Target(ExchangeRecord.Function function, int weight) {
        /**
         * Checks the function is present.
         *
         * @param function see {@link #function()}
         * @param weight see {@link #weight()}
         */
        public Target {
            Objects.requireNonNull(function, "function");
        }
    }
}
