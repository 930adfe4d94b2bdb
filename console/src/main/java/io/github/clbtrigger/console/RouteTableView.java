package io.github.clbtrigger.console;

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
