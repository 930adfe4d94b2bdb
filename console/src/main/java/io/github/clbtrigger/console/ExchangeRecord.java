package io.github.clbtrigger.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One exchange as the console shows it: the request, the rule that took it and why, the event sent to the function,
 * the function's raw answer, the decoder's verdict and the HTTP response. Immutable; built with {@link #builder()}.
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
    private final Optional<Rule> rule;
    private final Supplier<String> explainer;   // null when the explanation was given as text
    private volatile String explanation;
    private final Optional<Function> function;
    private final String functionVersion;
    private final int status;
    private final Duration duration;
    private final Optional<Duration> functionDuration;
    private final Optional<String> error;
    private final List<Header> requestHeaders;
    private final boolean requestHeadersTruncated;
    private final Body requestBody;
    private final Body event;
    private final Body rawAnswer;
    private final Optional<Verdict> verdict;
    private final List<Header> responseHeaders;
    private final boolean responseHeadersTruncated;
    private final Body responseBody;

    private ExchangeRecord(Builder b) {
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
        this.duration = b.duration;
        this.functionDuration = b.functionDuration;
        this.error = b.error;
        this.requestHeaders = List.copyOf(b.requestHeaders.headers);
        this.requestHeadersTruncated = b.requestHeaders.truncated;
        this.requestBody = b.requestBody;
        this.event = b.event;
        this.rawAnswer = b.rawAnswer;
        this.verdict = b.verdict;
        this.responseHeaders = List.copyOf(b.responseHeaders.headers);
        this.responseHeadersTruncated = b.responseHeaders.truncated;
        this.responseBody = b.responseBody;
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
    public static Builder builder() {
        return new Builder(Body.DEFAULT_LIMIT);
    }

    /**
     * A builder keeping at most {@code bodyLimit} bytes of each body, and of each header list's names and values.
     *
     * @param bodyLimit bytes, at least 0
     * @return a new builder
     * @throws IllegalArgumentException if {@code bodyLimit} is negative
     */
    public static Builder builder(int bodyLimit) {
        if (bodyLimit < 0) {
            throw new IllegalArgumentException("body limit must be at least 0, not " + bodyLimit);
        }
        return new Builder(bodyLimit);
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
    public Optional<Rule> rule() { return rule; }

    /** {@return why that rule (or none) took it, in the words of {@code clb route --explain}; may be empty} */
    public String explanation() {
        String text = explanation;
        if (text == null) {
            String made;
            try {
                made = Builder.cap(explainer.get());
            } catch (RuntimeException e) {
                made = "";   // an explanation is a courtesy: it never fails a view
            }
            explanation = made;
            text = made;
        }
        return text;
    }

    /** {@return the function invoked, empty when none was} */
    public Optional<Function> function() { return function; }

    /** {@return the function's version that ran, empty when unknown} */
    public String functionVersion() { return functionVersion; }

    /** {@return the HTTP status the client got, 0 when none reached it} */
    public int status() { return status; }

    /** {@return from the request's arrival to its answer} */
    public Duration duration() { return duration; }

    /** {@return how long the function took, empty when none ran} */
    public Optional<Duration> functionDuration() { return functionDuration; }

    /** {@return why the client did not get the function's response (an error kind such as {@code TIMEOUT})} */
    public Optional<String> error() { return error; }

    /** {@return the request's headers, in order, as kept} */
    public List<Header> requestHeaders() { return requestHeaders; }

    /** {@return whether request headers were dropped at the limit} */
    public boolean requestHeadersTruncated() { return requestHeadersTruncated; }

    /** {@return the request body} */
    public Body requestBody() { return requestBody; }

    /** {@return the event JSON sent to the function, empty when none was sent} */
    public Body event() { return event; }

    /** {@return the function's raw answer, empty when it gave none} */
    public Body rawAnswer() { return rawAnswer; }

    /** {@return the decoder's verdict on the answer, empty when nothing was decoded} */
    public Optional<Verdict> verdict() { return verdict; }

    /** {@return the response's headers, in order, as kept} */
    public List<Header> responseHeaders() { return responseHeaders; }

    /** {@return whether response headers were dropped at the limit} */
    public boolean responseHeadersTruncated() { return responseHeadersTruncated; }

    /** {@return the response body} */
    public Body responseBody() { return responseBody; }

    /**
     * Builds an {@link ExchangeRecord}. {@code id}, {@code time}, {@code method} and {@code target} are required;
     * everything else defaults to empty, 0 or absent. Not thread-safe.
     */
    public static final class Builder {
        private final int bodyLimit;
        private String id;
        private Instant time;
        private String clientAddress = "";
        private int clientPort;
        private String serverAddress = "";
        private int serverPort;
        private String scheme = "http";
        private String protocol = "HTTP/1.1";
        private String listenerId = "";
        private String host = "";
        private String method;
        private String target;
        private Optional<Rule> rule = Optional.empty();
        private String explanation = "";
        private Supplier<String> explainer;
        private Optional<Function> function = Optional.empty();
        private String functionVersion = "";
        private int status;
        private Duration duration = Duration.ZERO;
        private Optional<Duration> functionDuration = Optional.empty();
        private Optional<String> error = Optional.empty();
        private final HeaderList requestHeaders;
        private Body requestBody = Body.empty();
        private Body event = Body.empty();
        private Body rawAnswer = Body.empty();
        private Optional<Verdict> verdict = Optional.empty();
        private final HeaderList responseHeaders;
        private Body responseBody = Body.empty();

        private Builder(int bodyLimit) {
            this.bodyLimit = bodyLimit;
            this.requestHeaders = new HeaderList(bodyLimit);
            this.responseHeaders = new HeaderList(bodyLimit);
        }

        /**
         * @param value the request id
         * @return this builder
         */
        public Builder id(String value) { id = cap(value); return this; }

        /**
         * @param value when the request arrived
         * @return this builder
         */
        public Builder time(Instant value) { time = Objects.requireNonNull(value); return this; }

        /**
         * @param address the client's IP address
         * @param port its port
         * @return this builder
         */
        public Builder client(String address, int port) { clientAddress = cap(address); clientPort = port; return this; }

        /**
         * @param address the local address
         * @param port the listener's port
         * @return this builder
         */
        public Builder server(String address, int port) { serverAddress = cap(address); serverPort = port; return this; }

        /**
         * @param value {@code http} or {@code https}
         * @return this builder
         */
        public Builder scheme(String value) { scheme = cap(value); return this; }

        /**
         * @param value the request's HTTP version, e.g. {@code HTTP/1.1}
         * @return this builder
         */
        public Builder protocol(String value) { protocol = cap(value); return this; }

        /**
         * @param value the listener's id
         * @return this builder
         */
        public Builder listenerId(String value) { listenerId = cap(value); return this; }

        /**
         * @param value the Host the request named
         * @return this builder
         */
        public Builder host(String value) { host = cap(value); return this; }

        /**
         * @param value the request method
         * @return this builder
         */
        public Builder method(String value) { method = cap(value); return this; }

        /**
         * @param value the request-target as received
         * @return this builder
         */
        public Builder target(String value) { target = cap(value); return this; }

        /**
         * @param value the rule that took the request
         * @return this builder
         */
        public Builder rule(Rule value) { rule = Optional.of(value); return this; }

        /**
         * @param value why that rule took it ({@code clb route --explain})
         * @return this builder
         */
        public Builder explanation(String value) { explanation = cap(value); explainer = null; return this; }

        /**
         * The explanation, made when first asked for (by the full view), not when the record is built: for one that
         * costs work, such as routing the request again. It must hold no reference to the live request, and its
         * text is cut as {@link #explanation(String)} cuts it.
         *
         * @param value makes the explanation
         * @return this builder
         */
        public Builder explanation(Supplier<String> value) {
            explainer = Objects.requireNonNull(value);
            explanation = null;
            return this;
        }

        /**
         * @param value the function invoked
         * @param version its version that ran
         * @return this builder
         */
        public Builder function(Function value, String version) {
            function = Optional.of(value);
            functionVersion = cap(version);
            return this;
        }

        /**
         * @param value the HTTP status the client got, 0 when none reached it
         * @return this builder
         */
        public Builder status(int value) { status = value; return this; }

        /**
         * @param value from arrival to answer
         * @return this builder
         */
        public Builder duration(Duration value) { duration = Objects.requireNonNull(value); return this; }

        /**
         * @param value how long the function took
         * @return this builder
         */
        public Builder functionDuration(Duration value) { functionDuration = Optional.of(value); return this; }

        /**
         * @param kind why the client did not get the function's response, e.g. {@code TIMEOUT}
         * @return this builder
         */
        public Builder error(String kind) { error = Optional.of(cap(kind)); return this; }

        /**
         * @param name a request header's name
         * @param value its value
         * @return this builder
         */
        public Builder requestHeader(String name, String value) { requestHeaders.add(name, value); return this; }

        /**
         * @param bytes the whole request body (only the limit is copied)
         * @return this builder
         */
        public Builder requestBody(byte[] bytes) { requestBody = Body.of(bytes, bodyLimit); return this; }

        /**
         * @param bytes the event JSON sent to the function
         * @return this builder
         */
        public Builder event(byte[] bytes) { event = Body.of(bytes, bodyLimit); return this; }

        /**
         * @param bytes the function's raw answer
         * @return this builder
         */
        public Builder rawAnswer(byte[] bytes) { rawAnswer = Body.of(bytes, bodyLimit); return this; }

        /** {@return this builder, with the verdict that the answer was accepted} */
        public Builder accepted() { verdict = Optional.of(new Verdict.Accepted()); return this; }

        /**
         * @param reason why the answer was refused
         * @param path the JSON path
         * @return this builder
         */
        public Builder refused(String reason, String path) {
            verdict = Optional.of(new Verdict.Refused(cap(reason), cap(path)));
            return this;
        }

        /**
         * @param name a response header's name
         * @param value its value
         * @return this builder
         */
        public Builder responseHeader(String name, String value) { responseHeaders.add(name, value); return this; }

        /**
         * @param bytes the whole response body (only the limit is copied)
         * @return this builder
         */
        public Builder responseBody(byte[] bytes) { responseBody = Body.of(bytes, bodyLimit); return this; }

        /**
         * Builds the record.
         *
         * @return the record
         * @throws IllegalStateException if {@code id}, {@code time}, {@code method} or {@code target} is missing
         */
        public ExchangeRecord build() {
            return new ExchangeRecord(this);
        }

        private static String cap(String value) {
            Objects.requireNonNull(value);
            return value.length() <= TEXT_LIMIT ? value : value.substring(0, TEXT_LIMIT);
        }
    }

    /** Headers kept up to a budget of characters (names and values), then dropped and marked truncated. */
    private static final class HeaderList {
        final List<Header> headers = new ArrayList<>();
        int budget;
        boolean truncated;

        HeaderList(int budget) {
            this.budget = budget;
        }

        void add(String name, String value) {
            int cost = name.length() + value.length();
            if (truncated || cost > budget) {
                truncated = true;
                return;
            }
            budget -= cost;
            headers.add(new Header(name, value));
        }
    }
}
