package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.functions.InvocationRecord;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import io.github.clbtrigger.matcher.RouteResult;
import io.github.clbtrigger.matcher.RouteTable;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the filter did with one request it answered, given to the {@link ClbTriggerFilter#observe observer} once the
 * answer is written: the request as received, the listener and the rule, the function's {@link InvocationRecord}
 * when one ran, and the answer. Requests answered without a function (CLB's 404, the matcher's 301 and 400, 413,
 * 414, 503 for a rule without a function) are observed too; requests passed down the filter chain are not (the
 * filter does not answer them).
 *
 * <p>Made only when an observer is attached, and made of references: nothing is copied. So it is valid <b>only during
 * the observer's call</b>: {@link #request()} is the container's request object, recycled once the exchange ends:
 * copy what you keep of it. The arrays ({@link #body()}, the invocation's event and answer) and the
 * {@link #response()} are the filter's own, made for this request and never changed or reused after it: an observer
 * may keep them by reference (bounded by a limit of its own: they can be as large as the filter's limits). Change
 * nothing.
 */
public final class RequestRecord {

    private final Incoming in;
    private final RouteResult.Matched match;      // null: no rule took the request
    private final String function;                // null: none was picked
    private final byte[] body;                    // null: not read
    private final InvocationRecord invocation;    // null: no function ran
    private final int status;
    private final HttpResponse response;          // null: a redirect
    private final String location;                // the redirect's, or null
    private final ErrorKind error;
    private final String reason;
    private final long bytesSent;
    private final long endNanos = System.nanoTime();
    private final Instant receivedAt;
    private String target;                        // made when first asked for
    private String host;                          // read when first asked for (hostRead): null when none named
    private boolean hostRead;

    RequestRecord(Incoming in, RouteResult.Matched match, String function, byte[] body, InvocationRecord invocation,
            int status, HttpResponse response, String location, ErrorKind error, String reason, long bytesSent) {
        this.in = in;
        this.match = match;
        this.function = function;
        this.body = body;
        this.invocation = invocation;
        this.status = status;
        this.response = response;
        this.location = location;
        this.error = error;
        this.reason = reason;
        this.bytesSent = bytesSent;
        this.receivedAt = Instant.now().minusNanos(endNanos - in.start());
    }

    /**
     * The request id: the one the function saw (SCF's {@code Context.getRequestId()}, FunctionGraph's
     * {@code X-CFF-Request-Id}), also written in the access log line; empty when no function ran.
     *
     * @return the request id
     */
    public Optional<String> requestId() {
        return invocation == null ? Optional.empty() : Optional.of(invocation.requestId());
    }

    /**
     * The container's request: method, target, headers, client and local address. Valid only during the observer's
     * call.
     *
     * @return the request
     */
    public HttpServletRequest request() {
        return in.req();
    }

    /**
     * The Host the request named ({@code Host}, or an HTTP/2 request's {@code :authority}), as received.
     *
     * @return the Host, or empty when the request named none
     */
    public Optional<String> host() {
        return Optional.ofNullable(hostOrNull());
    }

    private String hostOrNull() {
        if (!hostRead) {
            host = RequestHost.of(in.req());
            hostRead = true;
        }
        return host;
    }

    /**
     * The request-target as received and routed: path and query, not decoded.
     *
     * @return the target
     */
    public String target() {
        String made = target;
        if (made == null) {
            made = Routing.target(in.req());
            target = made;
        }
        return made;
    }

    /**
     * The request body as read, up to the limit; empty when it was not read (no rule, no function, refused before
     * reading). The array is the one the function was given.
     *
     * @return the body
     */
    public byte[] body() {
        return body == null ? new byte[0] : body;
    }

    /**
     * The CLB listener that took the request.
     *
     * @return its {@code ListenerId}, or empty when no listener serves the connector's scheme and port
     */
    public Optional<String> listenerId() {
        return Optional.ofNullable(in.listenerId());
    }

    /**
     * The rule that took the request, with the domain and URI it matched.
     *
     * @return the match, or empty when no rule took it
     */
    public Optional<RouteResult.Matched> match() {
        return Optional.ofNullable(match);
    }

    /**
     * Why the route table decided as it did, in the words of {@code clb route --explain} (tier, rule, candidates).
     * Computed when called, by routing the request again on the configuration it was served with.
     *
     * @return the explanation
     */
    public String explanation() {
        return explainer().get();
    }

    /**
     * {@link #explanation()}, made when the supplier is called, which may be after the observer's call: the supplier
     * holds the route table the request was served with and the request's Host and target, not the request. For an
     * observer that shows the explanation only on demand.
     *
     * @return makes the explanation
     */
    public Supplier<String> explainer() {
        String listener = in.listenerId();
        if (listener == null) {
            String why = "no listener serves " + in.req().getScheme() + " port " + in.req().getLocalPort();
            return () -> why;
        }
        String target = target();
        if (target.length() > Routing.MAX_TARGET_LENGTH) {
            return () -> "request-target longer than " + Routing.MAX_TARGET_LENGTH + " characters: not routed";
        }
        String host = hostOrNull();
        RouteTable routes = in.routes();
        return () -> routes.explain(listener, host, target).reason();
    }

    /**
     * The function the rule picked, {@code namespace/name:qualifier}.
     *
     * @return the function, or empty when none was
     */
    public Optional<String> function() {
        return Optional.ofNullable(function);
    }

    /**
     * The invocation: request id, event, the function's raw answer, the decoder's verdict, timings.
     *
     * @return the invocation, or empty when no function ran
     */
    public Optional<InvocationRecord> invocation() {
        return Optional.ofNullable(invocation);
    }

    /**
     * The status sent (0 never: a request the filter answers always gets one, even when the client has gone).
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The response the filter wrote: the function's, or CLB's error body; its header values as sent (the headers the
     * front end never passes on, such as {@code Content-Length} and {@code Server}, included as the function gave
     * them). Empty for a redirect: see {@link #redirect()}.
     *
     * @return the response
     */
    public Optional<HttpResponse> response() {
        return Optional.ofNullable(response);
    }

    /**
     * The matcher's trailing-slash redirect, when that was the answer.
     *
     * @return the {@code Location} sent with the 301, or empty
     */
    public Optional<String> redirect() {
        return Optional.ofNullable(location);
    }

    /**
     * Why the client did not get its function's response.
     *
     * @return the error kind, or empty when it did
     */
    public Optional<ErrorKind> error() {
        return Optional.ofNullable(error);
    }

    /**
     * The reason of the error, as logged (rule, function, the decoder's reason and JSON path).
     *
     * @return the reason, or empty
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * Body bytes written to the client.
     *
     * @return the bytes
     */
    public long bytesSent() {
        return bytesSent;
    }

    /**
     * When the request reached the filter.
     *
     * @return the time
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * From the request reaching the filter to its answer written.
     *
     * @return the duration
     */
    public Duration duration() {
        return Duration.ofNanos(Math.max(0, endNanos - in.start()));
    }

    @Override
    public String toString() {
        return "RequestRecord[" + in.req().getMethod() + " status=" + status + ", rule="
                + (match == null ? "-" : match.rule().locationId())
                + ", function=" + (function == null ? "-" : function)
                + ", error=" + error + "]";
    }
}
