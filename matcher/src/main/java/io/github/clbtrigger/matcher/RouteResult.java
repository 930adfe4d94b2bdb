package io.github.clbtrigger.matcher;

import java.util.Objects;

/**
 * What CLB does with a request: forward it to a rule, redirect it (301), or answer 404 or 400.
 *
 * <pre>{@code
 * switch (table.route("lbl-http", host, target)) {
 *     case RouteResult.Matched m -> invoke(m.rule().pickTarget(random), m.uri(), m.query());
 *     case RouteResult.Redirect r -> send301(r.location());
 *     case RouteResult.NotFound n -> send404();
 *     case RouteResult.BadRequest b -> send400();
 * }
 * }</pre>
 */
public sealed interface RouteResult {
    /**
     * The request is forwarded to {@code rule}.
     *
     * @param listener the listener
     * @param rule     the rule that matched
     * @param domain   the domain that was chosen as configured (lower-cased), e.g. {@code *.example.com}; for a
     *                 request that matched no domain, the listener's default domain
     * @param uri      the normalized path (nginx {@code $uri}), its bytes read as UTF-8
     * @param query    the raw query, without {@code ?}, {@code ""} if none (nginx {@code $args})
     */
    record Matched(ListenerConfig listener, RuleConfig rule, String domain, String uri, String query)
            implements RouteResult {
        /**
         * Creates the value; lists are copied, and null components are refused as documented.
         *
         * @param listener see {@link #listener()}
         * @param rule see {@link #rule()}
         * @param domain see {@link #domain()}
         * @param uri see {@link #uri()}
         * @param query see {@link #query()}
         */
        public Matched {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(query, "query");
        }
    }

    /**
     * A 301 to the normalized URI plus {@code /} (rule {@code /abc/}, request {@code /abc}).
     *
     * @param location {@code path/?query}: the path with bytes outside visible ASCII and {@code % ? #} escaped as
     *                 {@code %XX}, then {@code ?query} when the query is not empty
     */
    record Redirect(String location) implements RouteResult {
        /**
         * Creates the value; lists are copied, and null components are refused as documented.
         *
         * @param location see {@link #location()}
         */
        public Redirect {
            Objects.requireNonNull(location, "location");
        }
    }

    /** No rule matches: 404. */
    record NotFound() implements RouteResult {
    }

    /**
     * The request cannot be routed: 400 (an invalid Host or request-target, as nginx refuses them).
     *
     * @param reason why, never quoting the input
     */
    record BadRequest(String reason) implements RouteResult {
        /**
         * Creates the value; lists are copied, and null components are refused as documented.
         *
         * @param reason see {@link #reason()}
         */
        public BadRequest {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
