package io.github.clbtrigger.cli;

import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteResult;
import io.github.clbtrigger.matcher.RouteTable;

import java.util.Optional;

/** nginx's {@code $uri} for a raw request target: the path as the matcher normalizes it. */
final class RequestPaths {
    private RequestPaths() {}

    /** One listener whose catch-all rule matches every valid target, so routing yields the normalized path. */
    private static final RouteTable CATCH_ALL = RouteTable.compile(LoadBalancerConfig.parse("""
            {"LoadBalancerId": "lb-encode", "Listeners": [{"ListenerId": "lbl-encode", "Protocol": "HTTP",
             "Port": 80, "Rules": [{"LocationId": "loc-all", "Domain": "localhost", "Url": "/"}]}]}"""));

    /**
     * The normalized path of a request target, or empty when CLB would answer 400 for it.
     *
     * @param target the request-target exactly as sent
     * @return the path: {@code %XX} decoded, dot segments resolved, slashes merged, no query
     */
    static Optional<String> uri(String target) {
        RouteResult result = CATCH_ALL.route("lbl-encode", "localhost", target);
        return result instanceof RouteResult.Matched matched ? Optional.of(matched.uri()) : Optional.empty();
    }

    /**
     * Why CLB would answer 400 for a Host header value, or empty when it is a valid host.
     *
     * @param host the Host header's value
     * @return the matcher's reason, like nginx's check of the Host
     */
    static Optional<String> badHost(String host) {
        return CATCH_ALL.route("lbl-encode", host, "/") instanceof RouteResult.BadRequest bad
                ? Optional.of(bad.reason()) : Optional.empty();
    }
}
