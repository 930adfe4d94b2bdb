package io.github.clbtrigger.test;

import io.github.clbtrigger.codec.InvalidReason;

import java.util.Objects;
import java.util.function.Consumer;

import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link ClbExchange}, for tests that use AssertJ (an optional dependency of clb-test: add
 * {@code org.assertj:assertj-core} to your test scope). Start with {@link #assertThat(ClbExchange)}:
 *
 * <pre>{@code
 * ClbExchangeAssert.assertThat(clb.exchange(request))
 *         .matchedRule("loc-hello")
 *         .hasStatus(200)
 *         .hasHeader("Content-Type", "application/json")
 *         .eventSatisfies(event -> assertThat(event).contains("\"X-Real-IP\":\"127.0.0.1\""));
 * }</pre>
 */
public final class ClbExchangeAssert extends AbstractAssert<ClbExchangeAssert, ClbExchange> {

    private ClbExchangeAssert(ClbExchange actual) {
        super(actual, ClbExchangeAssert.class);
    }

    /**
     * The entry point.
     *
     * @param actual the exchange to check
     * @return the assertions
     */
    public static ClbExchangeAssert assertThat(ClbExchange actual) {
        return new ClbExchangeAssert(actual);
    }

    /**
     * The request matched the rule with this {@code LocationId}.
     *
     * @param locationId the expected LocationId
     * @return this
     */
    public ClbExchangeAssert matchedRule(String locationId) {
        isNotNull();
        if (!actual.locationId().filter(locationId::equals).isPresent()) {
            failWithMessage("expected the request to match rule <%s> but %s", locationId,
                    actual.locationId().map(l -> "it matched <" + l + ">").orElse("it matched no rule ("
                            + actual.route().map(Object::toString).orElse("not routed") + ")"));
        }
        return this;
    }

    /**
     * The client got this status.
     *
     * @param status the expected status code
     * @return this
     */
    public ClbExchangeAssert hasStatus(int status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("expected status <%s> but was <%s>%s", status, actual.status(),
                    actual.refusal().map(r -> " (" + r + ")").orElse(""));
        }
        return this;
    }

    /**
     * The response has a header of this name (compared without case) with this value among its values.
     *
     * @param name  the header name
     * @param value the expected value
     * @return this
     */
    public ClbExchangeAssert hasHeader(String name, String value) {
        isNotNull();
        if (!actual.response().headerValues(name).contains(value)) {
            failWithMessage("expected header <%s: %s> but the response's %s values were %s", name, value, name,
                    actual.response().headerValues(name));
        }
        return this;
    }

    /**
     * The response body, as UTF-8 text, is this.
     *
     * @param body the expected body
     * @return this
     */
    public ClbExchangeAssert hasBody(String body) {
        isNotNull();
        if (!actual.response().bodyText().equals(body)) {
            failWithMessage("expected body <%s> but was <%s>", body, actual.response().bodyText());
        }
        return this;
    }

    /**
     * The function received an event, which passes the given checks (JSON text).
     *
     * @param requirements checks on the event, e.g. AssertJ assertions
     * @return this
     */
    public ClbExchangeAssert eventSatisfies(Consumer<String> requirements) {
        isNotNull();
        Objects.requireNonNull(requirements, "requirements");
        requirements.accept(actual.event().orElseThrow(() -> new AssertionError("no event was sent: " + actual)));
        return this;
    }

    /**
     * The decoder refused the function's answer for this reason, at this JSON path (the client got CLB's 403).
     *
     * @param reason the expected reason
     * @param path   the expected JSON path, e.g. {@code $.headers.Set-Cookie[1]}
     * @return this
     */
    public ClbExchangeAssert wasRefusedByTheDecoder(InvalidReason reason, String path) {
        isNotNull();
        if (!actual.decoderReason().filter(reason::equals).isPresent()
                || !actual.decoderPath().filter(path::equals).isPresent()) {
            failWithMessage("expected the decoder to refuse the answer with <%s at %s> but %s", reason, path,
                    actual.decoderReason().map(r -> "it said <" + r + " at " + actual.decoderPath().orElse("?")
                            + ">").orElse("it did not refuse it (answer: " + actual.answer().orElse("none") + ")"));
        }
        return this;
    }
}
