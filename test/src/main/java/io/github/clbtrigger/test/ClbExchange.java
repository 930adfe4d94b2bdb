package io.github.clbtrigger.test;

import io.github.clbtrigger.codec.DecodeResult;
import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.codec.InvalidReason;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.functions.Outcome;
import io.github.clbtrigger.matcher.RouteResult;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What one request did in memory ({@link ClbHarness#exchange}) or one direct invocation ({@link ClbHarness#invoke}):
 * the route, the event the function received, its raw answer, the decoder's verdict, and the response the client
 * gets. A value; every part is read from the records the functions module keeps of the invocation, not rebuilt.
 */
public final class ClbExchange {

    private final RouteResult route;        // null for a direct invocation
    private final ClbResponse response;
    private final Outcome outcome;          // null when CLB answered without a function
    private final String clbReason;         // why CLB answered itself (404, 301, 503...), or null

    private ClbExchange(RouteResult route, ClbResponse response, Outcome outcome, String clbReason) {
        this.route = route;
        this.response = response;
        this.outcome = outcome;
        this.clbReason = clbReason;
    }

    static ClbExchange answeredByClb(RouteResult route, ClbResponse response, String reason) {
        return new ClbExchange(route, response, null, reason);
    }

    static ClbExchange of(RouteResult route, Outcome outcome) {
        HttpResponse r = outcome.response();
        return new ClbExchange(route, new ClbResponse(r.statusCode(), r.headers(), r.body()), outcome, null);
    }

    /**
     * How CLB routed the request: {@link RouteResult.Matched} (with its rule), {@link RouteResult.Redirect},
     * {@link RouteResult.NotFound} or {@link RouteResult.BadRequest}; empty for a direct invocation, and for a
     * request refused before routing (414, {@code CONNECT}).
     *
     * @return the route
     */
    public Optional<RouteResult> route() {
        return Optional.ofNullable(route);
    }

    /**
     * The {@code LocationId} of the rule that matched.
     *
     * @return the LocationId, or empty when no rule matched
     */
    public Optional<String> locationId() {
        return route instanceof RouteResult.Matched m ? Optional.of(m.rule().locationId()) : Optional.empty();
    }

    /**
     * The response the client gets.
     *
     * @return the response
     */
    public ClbResponse response() {
        return response;
    }

    /**
     * The response's status code.
     *
     * @return the status
     */
    public int status() {
        return response.status();
    }

    /**
     * The function that was invoked, {@code namespace/name:qualifier}.
     *
     * @return its name, or empty when none was
     */
    public Optional<String> function() {
        return record().map(r -> r.function().namespace() + "/" + r.function().functionName() + ":"
                + r.function().qualifier());
    }

    /**
     * The request id the function was given ({@code Context.getRequestId()}).
     *
     * @return the request id, or empty when no function was invoked
     */
    public Optional<String> requestId() {
        return record().map(InvocationRecord::requestId);
    }

    /**
     * The CLB trigger event the function received, exactly: JSON text.
     *
     * @return the event, or empty when no event function was invoked
     */
    public Optional<String> event() {
        return record().flatMap(InvocationRecord::event).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * The function's raw answer, its integration response before decoding.
     *
     * @return the answer, or empty when there was none (no function, a failure, a timeout)
     */
    public Optional<String> answer() {
        return record().flatMap(InvocationRecord::value).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * Whether the client got something other than the function's answer: CLB's own answer (404, 301, 503...), or
     * the function's refused (invalid answer, failure, timeout).
     *
     * @return the reason, one line; empty when the client got the function's response
     */
    public Optional<String> refusal() {
        if (outcome instanceof Outcome.Refused refused) {
            return Optional.of(refused.reason());
        }
        return Optional.ofNullable(clbReason);
    }

    /**
     * Why the decoder refused the function's answer (CLB's 403).
     *
     * @return the reason, or empty when the answer was valid or there was none
     */
    public Optional<InvalidReason> decoderReason() {
        return invalid().map(DecodeResult.Invalid::reason);
    }

    /**
     * Where in the function's answer the decoder found the problem, a JSON path such as
     * {@code $.headers.Set-Cookie[1]} ({@code $} for the whole document).
     *
     * @return the path, or empty when the answer was valid or there was none
     */
    public Optional<String> decoderPath() {
        return invalid().map(DecodeResult.Invalid::path);
    }

    private Optional<DecodeResult.Invalid> invalid() {
        return record().flatMap(InvocationRecord::verdict).filter(DecodeResult.Invalid.class::isInstance)
                .map(DecodeResult.Invalid.class::cast);
    }

    private Optional<InvocationRecord> record() {
        return outcome == null ? Optional.empty() : Optional.of(outcome.record());
    }

    @Override
    public String toString() {
        return "ClbExchange[" + locationId().orElse("-") + " " + function().orElse("-") + " -> " + response.status()
                + refusal().map(r -> " (" + r + ")").orElse("") + "]";
    }
}
