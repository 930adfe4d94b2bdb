package io.github.clbtrigger.console;

import io.github.clbtrigger.codec.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One exchange as the console shows it: the request, the rule that took it and why, the event sent to the function,
 * the function's raw answer, the decoder's verdict and the HTTP response. Immutable; built with {@link #builder()}
 * ({@link ExchangeRecordBuilder}).
 *
 * <p>Everything in it came from an untrusted client or function. It is bounded when it is built: every body keeps
 * at most the {@linkplain #builder(int) body limit} (see {@link Body}), each header list keeps
 * names and values up to that limit in all, and every other text is cut at {@value #TEXT_LIMIT} characters.
 */
public final class ExchangeRecord {

    /** The most characters kept of a single text field (target, Host, explanation...). */
    public static final int TEXT_LIMIT = 8 * 1024;

    /**
     * The rule that took the request.
     *
     * @param locationId the rule's {@code LocationId}
     * @param domain     the rule's domain
     * @param url        the rule's URL
     */
    public record Rule(String locationId, String domain, String url) {
        /**
         * Checks that no part is null.
         *
         * @param locationId see {@link #locationId()}
         * @param domain see {@link #domain()}
         * @param url see {@link #url()}
         */
        public Rule {
            Objects.requireNonNull(locationId, "locationId");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * A function: {@code namespace/name:qualifier}.
     *
     * @param namespace the namespace
     * @param name      the function's name
     * @param qualifier the qualifier ({@code $LATEST}, a version or an alias)
     */
    public record Function(String namespace, String name, String qualifier) {
        /**
         * Checks that no part is null.
         *
         * @param namespace see {@link #namespace()}
         * @param name see {@link #name()}
         * @param qualifier see {@link #qualifier()}
         */
        public Function {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(qualifier, "qualifier");
        }

        /** {@return {@code namespace/name:qualifier}} */
        @Override
        public String toString() {
            return namespace + "/" + name + ":" + qualifier;
        }

        /**
         * Reads {@code namespace/name:qualifier}, as the filter names a function.
         *
         * @param display the function's name
         * @return the function, or empty when the text is not of that form
         */
        public static Optional<Function> parse(String display) {
            int slash = display.indexOf('/');
            int colon = display.lastIndexOf(':');
            if (slash < 1 || colon < slash + 2) {
                return Optional.empty();
            }
            return Optional.of(new Function(display.substring(0, slash), display.substring(slash + 1, colon),
                    display.substring(colon + 1)));
        }
    }

    /**
     * One header line.
     *
     * @param name  the header's name as received
     * @param value its value
     */
    public record Header(String name, String value) {
        /**
         * Checks that neither part is null.
         *
         * @param name see {@link #name()}
         * @param value see {@link #value()}
         */
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** What the response decoder made of the function's answer. */
    public sealed interface Verdict {
        /** The answer was a valid integration response. */
        record Accepted() implements Verdict {}

        /**
         * The answer was refused.
         *
         * @param reason why, in the decoder's words
         * @param path   the JSON path of the offending value ({@code $} for the whole answer)
         */
        record Refused(String reason, String path) implements Verdict {
            /**
             * Checks that neither part is null.
             *
             * @param reason see {@link #reason()}
             * @param path see {@link #path()}
             */
            public Refused {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(path, "path");
            }
        }
    }

    static final Verdict ACCEPTED = new Verdict.Accepted();

    private final String id;
    private final Instant time;
    private final String clientAddress;
    private final int clientPort;
    private final String serverAddress;
    private final int serverPort;
    private final String scheme;
    private final String protocol;
    private final String listenerId;
    private final String host;
    private final String method;
    private final String target;
    private final Rule rule;                    // null: no rule took it
    private final Supplier<String> explainer;   // null when the explanation was given as text
    private volatile String explanation;
    private final Function function;            // null: none invoked
    private final String functionVersion;
    private final int status;
    private final long durationNanos;
    private final long functionNanos;           // negative: no function ran
    private final String error;                 // null: none
    private final HeaderPairs requestHeaders;
    private final Body requestBody;
    private final Body event;
    private final Body rawAnswer;
    private final Verdict verdict;              // null: nothing decoded
    private final HeaderPairs responseHeaders;  // null while the response is held whole
    private final Body responseBody;            // null while the response is held whole
    private final HttpResponse response;        // held by reference when within the limit, viewed lazily
    private final int bodyLimit;

    ExchangeRecord(ExchangeRecordBuilder b) {
        this.id = require(b.id, "id");
        this.time = require(b.time, "time");
        this.method = require(b.method, "method");
        this.target = require(b.target, "target");
        this.clientAddress = b.clientAddress;
        this.clientPort = b.clientPort;
        this.serverAddress = b.serverAddress;
        this.serverPort = b.serverPort;
        this.scheme = b.scheme;
        this.protocol = b.protocol;
        this.listenerId = b.listenerId;
        this.host = b.host;
        this.rule = b.rule;
        this.explanation = b.explanation;
        this.explainer = b.explainer;
        this.function = b.function;
        this.functionVersion = b.functionVersion;
        this.status = b.status;
        this.durationNanos = b.durationNanos;
        this.functionNanos = b.functionNanos;
        this.error = b.error;
        this.requestHeaders = b.requestHeaders.share();
        this.requestBody = b.requestBody;
        this.event = b.event;
        this.rawAnswer = b.rawAnswer;
        this.verdict = b.verdict;
        this.response = b.response;
        this.responseHeaders = b.response == null ? b.responseHeaders.share() : null;
        this.responseBody = b.response == null ? b.responseBody : null;
        this.bodyLimit = b.bodyLimit;
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalStateException("an exchange record needs its " + name);
        }
        return value;
    }

    /**
     * A builder with the default body limit ({@value Body#DEFAULT_LIMIT} bytes).
     *
     * @return a new builder
     */
    public static ExchangeRecordBuilder builder() {
        return new ExchangeRecordBuilder(Body.DEFAULT_LIMIT);
    }

    /**
     * A builder keeping at most {@code bodyLimit} bytes of each body, and of each header list's names and values.
     *
     * @param bodyLimit bytes, at least 0
     * @return a new builder
     * @throws IllegalArgumentException if {@code bodyLimit} is negative
     */
    public static ExchangeRecordBuilder builder(int bodyLimit) {
        if (bodyLimit < 0) {
            throw new IllegalArgumentException("body limit must be at least 0, not " + bodyLimit);
        }
        return new ExchangeRecordBuilder(bodyLimit);
    }

    /** {@return the request id (the one the function sees as its request id)} */
    public String id() { return id; }

    /** {@return when the request arrived} */
    public Instant time() { return time; }

    /** {@return the client's IP address, empty when unknown} */
    public String clientAddress() { return clientAddress; }

    /** {@return the client's port, 0 when unknown} */
    public int clientPort() { return clientPort; }

    /** {@return the local address the request came in on, empty when unknown} */
    public String serverAddress() { return serverAddress; }

    /** {@return the listener's port, 0 when unknown} */
    public int serverPort() { return serverPort; }

    /** {@return {@code http} or {@code https}} */
    public String scheme() { return scheme; }

    /** {@return the HTTP version of the request, e.g. {@code HTTP/1.1}} */
    public String protocol() { return protocol; }

    /** {@return the listener's id, empty when unknown} */
    public String listenerId() { return listenerId; }

    /** {@return the Host the request named, empty when it named none} */
    public String host() { return host; }

    /** {@return the request method} */
    public String method() { return method; }

    /** {@return the request-target as received} */
    public String target() { return target; }

    /** {@return the rule that took the request, empty when none did} */
    public Optional<Rule> rule() { return Optional.ofNullable(rule); }

    /** {@return why that rule (or none) took it, in the words of {@code clb route --explain}; may be empty} */
    public String explanation() {
        String text = explanation;
        if (text == null) {
            String made;
            try {
                made = ExchangeRecordBuilder.cap(explainer.get());
            } catch (RuntimeException e) {
                made = "";   // an explanation is a courtesy: it never fails a view
            }
            explanation = made;
            text = made;
        }
        return text;
    }

    /** {@return the function invoked, empty when none was} */
    public Optional<Function> function() { return Optional.ofNullable(function); }

    /** {@return the function's version that ran, empty when unknown} */
    public String functionVersion() { return functionVersion; }

    /** {@return the HTTP status the client got, 0 when none reached it} */
    public int status() { return status; }

    /** {@return from the request's arrival to its answer} */
    public Duration duration() { return Duration.ofNanos(durationNanos); }

    /** {@return how long the function took, empty when none ran} */
    public Optional<Duration> functionDuration() {
        return functionNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(functionNanos));
    }

    /** {@return why the client did not get the function's response (an error kind such as {@code TIMEOUT})} */
    public Optional<String> error() { return Optional.ofNullable(error); }

    /** {@return the request's headers, in order, as kept} */
    public List<Header> requestHeaders() { return requestHeaders.list(); }

    /** {@return whether request headers were dropped at the limit} */
    public boolean requestHeadersTruncated() { return requestHeaders.truncated(); }

    /** {@return the request body} */
    public Body requestBody() { return requestBody; }

    /** {@return the event JSON sent to the function, empty when none was sent} */
    public Body event() { return event; }

    /** {@return the function's raw answer, empty when it gave none} */
    public Body rawAnswer() { return rawAnswer; }

    /** {@return the decoder's verdict on the answer, empty when nothing was decoded} */
    public Optional<Verdict> verdict() { return Optional.ofNullable(verdict); }

    /** {@return the response's headers, in order, as kept} */
    public List<Header> responseHeaders() { return responseHeaderPairs().list(); }

    /** {@return whether response headers were dropped at the limit} */
    public boolean responseHeadersTruncated() { return responseHeaderPairs().truncated(); }

    /** {@return the response body} */
    public Body responseBody() {
        return response == null ? responseBody : Body.owned(response.body(), bodyLimit);
    }

    private HeaderPairs responseHeaderPairs() {
        return response == null ? responseHeaders : HeaderPairs.of(response.headers(), bodyLimit);
    }

    /** Counting keys, for {@link ConsoleMeters}: read without making the optional views. */
    String listenerIdOrNull() { return listenerId.isEmpty() ? null : listenerId; }

    Rule ruleOrNull() { return rule; }

    Function functionOrNull() { return function; }

    String errorOrNull() { return error; }

    long durationNanos() { return durationNanos; }
}
