package io.github.clbtrigger.console;

import io.github.clbtrigger.codec.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds an {@link ExchangeRecord}. {@code id}, {@code time}, {@code method} and {@code target} are required;
 * everything else defaults to empty, 0 or absent. Not thread-safe.
 */
public final class ExchangeRecordBuilder {
    final int bodyLimit;
    String id;
    Instant time;
    String clientAddress = "";
    int clientPort;
    String serverAddress = "";
    int serverPort;
    String scheme = "http";
    String protocol = "HTTP/1.1";
    String listenerId = "";
    String host = "";
    String method;
    String target;
    ExchangeRecord.Rule rule;
    String explanation = "";
    Supplier<String> explainer;
    ExchangeRecord.Function function;
    String functionVersion = "";
    int status;
    long durationNanos;
    long functionNanos = -1;
    String error;
    HeaderPairs requestHeaders;
    Body requestBody = Body.empty();
    Body event = Body.empty();
    Body rawAnswer = Body.empty();
    ExchangeRecord.Verdict verdict;
    HeaderPairs responseHeaders;
    Body responseBody = Body.empty();
    HttpResponse response;

    ExchangeRecordBuilder(int bodyLimit) {
        this.bodyLimit = bodyLimit;
        this.requestHeaders = new HeaderPairs(bodyLimit);
        this.responseHeaders = new HeaderPairs(bodyLimit);
    }

    /**
     * @param value the request id
     * @return this builder
     */
    public ExchangeRecordBuilder id(String value) { id = cap(value); return this; }

    /**
     * @param value when the request arrived
     * @return this builder
     */
    public ExchangeRecordBuilder time(Instant value) { time = Objects.requireNonNull(value); return this; }

    /**
     * @param address the client's IP address
     * @param port its port
     * @return this builder
     */
    public ExchangeRecordBuilder client(String address, int port) {
        clientAddress = cap(address);
        clientPort = port;
        return this;
    }

    /**
     * @param address the local address
     * @param port the listener's port
     * @return this builder
     */
    public ExchangeRecordBuilder server(String address, int port) {
        serverAddress = cap(address);
        serverPort = port;
        return this;
    }

    /**
     * @param value {@code http} or {@code https}
     * @return this builder
     */
    public ExchangeRecordBuilder scheme(String value) { scheme = cap(value); return this; }

    /**
     * @param value the request's HTTP version, e.g. {@code HTTP/1.1}
     * @return this builder
     */
    public ExchangeRecordBuilder protocol(String value) { protocol = cap(value); return this; }

    /**
     * @param value the listener's id
     * @return this builder
     */
    public ExchangeRecordBuilder listenerId(String value) { listenerId = cap(value); return this; }

    /**
     * @param value the Host the request named
     * @return this builder
     */
    public ExchangeRecordBuilder host(String value) { host = cap(value); return this; }

    /**
     * @param value the request method
     * @return this builder
     */
    public ExchangeRecordBuilder method(String value) { method = cap(value); return this; }

    /**
     * @param value the request-target as received
     * @return this builder
     */
    public ExchangeRecordBuilder target(String value) { target = cap(value); return this; }

    /**
     * @param value the rule that took the request
     * @return this builder
     */
    public ExchangeRecordBuilder rule(ExchangeRecord.Rule value) { rule = Objects.requireNonNull(value); return this; }

    /**
     * @param value why that rule took it ({@code clb route --explain})
     * @return this builder
     */
    public ExchangeRecordBuilder explanation(String value) { explanation = cap(value); explainer = null; return this; }

    /**
     * The explanation, made when first asked for (by the full view), not when the record is built: for one that
     * costs work, such as routing the request again. It must hold no reference to the live request, and its
     * text is cut as {@link #explanation(String)} cuts it.
     *
     * @param value makes the explanation
     * @return this builder
     */
    public ExchangeRecordBuilder explanation(Supplier<String> value) {
        explainer = Objects.requireNonNull(value);
        explanation = null;
        return this;
    }

    /**
     * @param value the function invoked
     * @param version its version that ran
     * @return this builder
     */
    public ExchangeRecordBuilder function(ExchangeRecord.Function value, String version) {
        function = Objects.requireNonNull(value);
        functionVersion = cap(version);
        return this;
    }

    /**
     * @param value the HTTP status the client got, 0 when none reached it
     * @return this builder
     */
    public ExchangeRecordBuilder status(int value) { status = value; return this; }

    /**
     * @param value from arrival to answer
     * @return this builder
     */
    public ExchangeRecordBuilder duration(Duration value) { durationNanos = value.toNanos(); return this; }

    /**
     * @param value how long the function took
     * @return this builder
     */
    public ExchangeRecordBuilder functionDuration(Duration value) {
        functionNanos = Math.max(0, value.toNanos());
        return this;
    }

    /**
     * @param kind why the client did not get the function's response, e.g. {@code TIMEOUT}
     * @return this builder
     */
    public ExchangeRecordBuilder error(String kind) { error = cap(kind); return this; }

    /**
     * @param name a request header's name
     * @param value its value
     * @return this builder
     */
    public ExchangeRecordBuilder requestHeader(String name, String value) {
        requestHeaders = requestHeaders.writable();
        requestHeaders.add(name, value);
        return this;
    }

    /**
     * @param bytes the whole request body (only the limit is copied)
     * @return this builder
     */
    public ExchangeRecordBuilder requestBody(byte[] bytes) { requestBody = Body.of(bytes, bodyLimit); return this; }

    /**
     * @param bytes the event JSON sent to the function
     * @return this builder
     */
    public ExchangeRecordBuilder event(byte[] bytes) { event = Body.of(bytes, bodyLimit); return this; }

    /**
     * @param bytes the function's raw answer
     * @return this builder
     */
    public ExchangeRecordBuilder rawAnswer(byte[] bytes) { rawAnswer = Body.of(bytes, bodyLimit); return this; }

    /** {@return this builder, with the verdict that the answer was accepted} */
    public ExchangeRecordBuilder accepted() { verdict = ExchangeRecord.ACCEPTED; return this; }

    /**
     * @param reason why the answer was refused
     * @param path the JSON path
     * @return this builder
     */
    public ExchangeRecordBuilder refused(String reason, String path) {
        verdict = new ExchangeRecord.Verdict.Refused(cap(reason), cap(path));
        return this;
    }

    /**
     * @param name a response header's name
     * @param value its value
     * @return this builder
     */
    public ExchangeRecordBuilder responseHeader(String name, String value) {
        unholdResponse();
        responseHeaders = responseHeaders.writable();
        responseHeaders.add(name, value);
        return this;
    }

    /**
     * @param bytes the whole response body (only the limit is copied)
     * @return this builder
     */
    public ExchangeRecordBuilder responseBody(byte[] bytes) {
        unholdResponse();
        responseBody = Body.of(bytes, bodyLimit);
        return this;
    }

    /** {@link #requestBody(byte[])} for an array handed over, kept without a copy when within the limit. */
    ExchangeRecordBuilder ownedRequestBody(byte[] bytes) { requestBody = Body.owned(bytes, bodyLimit); return this; }

    /** {@link #event(byte[])} for an array handed over, kept without a copy when within the limit. */
    ExchangeRecordBuilder ownedEvent(byte[] bytes) { event = Body.owned(bytes, bodyLimit); return this; }

    /** {@link #event(byte[])} for the event's text, held without encoding it when it is small enough. */
    ExchangeRecordBuilder ownedEvent(String text) { event = Body.ownedText(text, bodyLimit); return this; }

    /** {@link #rawAnswer(byte[])} for an array handed over, kept without a copy when within the limit. */
    ExchangeRecordBuilder ownedRawAnswer(byte[] bytes) { rawAnswer = Body.owned(bytes, bodyLimit); return this; }

    /**
     * The response's headers and body from an immutable response: held whole when both are within the limit
     * (viewed when asked for), otherwise their first bytes copied now, once.
     */
    ExchangeRecordBuilder response(HttpResponse value) {
        if (value.bodyLength() <= bodyLimit && headerChars(value) <= bodyLimit) {
            response = value;
            return this;
        }
        for (io.github.clbtrigger.codec.Header h : value.headers()) {
            responseHeader(h.name(), h.value());
        }
        responseBody = BoundedCopy.head(value, bodyLimit);
        return this;
    }

    private static long headerChars(HttpResponse value) {
        long chars = 0;
        for (io.github.clbtrigger.codec.Header h : value.headers()) {
            chars += h.name().length() + h.value().length();
        }
        return chars;
    }

    /** Gives up a response held whole, for a caller that adds to it: its parts become the builder's own. */
    private void unholdResponse() {
        HttpResponse held = response;
        if (held != null) {
            response = null;
            for (io.github.clbtrigger.codec.Header h : held.headers()) {
                responseHeaders = responseHeaders.writable();
                responseHeaders.add(h.name(), h.value());
            }
            responseBody = Body.owned(held.body(), bodyLimit);
        }
    }

    /**
     * Builds the record.
     *
     * @return the record
     * @throws IllegalStateException if {@code id}, {@code time}, {@code method} or {@code target} is missing
     */
    public ExchangeRecord build() {
        return new ExchangeRecord(this);
    }

    static String cap(String value) {
        Objects.requireNonNull(value);
        return value.length() <= ExchangeRecord.TEXT_LIMIT ? value : value.substring(0, ExchangeRecord.TEXT_LIMIT);
    }
}
