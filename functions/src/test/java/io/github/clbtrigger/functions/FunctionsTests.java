package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.clbtrigger.codec.DecodeResult;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.InboundRequest;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.RuleConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The facade a front end calls: apply a configuration, pick a rule's function, invoke it, get one Outcome. */
class FunctionsTests {

    private static final Path BASE = Path.of(".");
    private static final String CONFIG = """
            {"LoadBalancerId": "lb", "Listeners": [{"ListenerId": "lbl-1", "Protocol": "HTTP", "Port": 8080, "Rules": [
              {"LocationId": "loc-echo", "Domain": "a.test", "Url": "/echo",
               "FunctionTargets": [{"Function": {"FunctionName": "echo"}}]},
              {"LocationId": "loc-bad", "Domain": "a.test", "Url": "/bad",
               "FunctionTargets": [{"Function": {"FunctionName": "bad"}}]},
              {"LocationId": "loc-none", "Domain": "a.test", "Url": "/none"}]}],
             "Functions": [{"FunctionName": "echo", "Timeout": %d}]}""";

    private final List<InvocationRecord> observed = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> idSeen = new AtomicReference<>();
    private final Functions functions = Functions.builder()
            .function("echo", (event, context) -> {
                idSeen.set(context.requestId());
                return "{\"statusCode\": 200, \"headers\": {\"X-Id\": \"" + context.requestId() + "\"}, \"body\": \"é\"}";
            })
            .function("bad", (event, context) -> "{\"statusCode\": \"two hundred\"}")
            .observer(observed::add)
            .build();

    @AfterEach
    void close() {
        functions.close();
    }

    private static String config(int timeout) {
        return CONFIG.formatted(timeout);
    }

    private RuleConfig rule(String locationId) {
        return functions.current().routes().config().listeners().get(0).rules().stream()
                .filter(r -> r.locationId().equals(locationId)).findFirst().orElseThrow();
    }

    private Outcome invoke(String locationId) throws Exception {
        Target target = functions.current().target(rule(locationId)).orElseThrow();
        InboundRequest request = new InboundRequest("POST", "/" + locationId, "http", "HTTP/1.1", "127.0.0.1", 5000,
                "127.0.0.1", 8080, List.of(new Header("Host", "a.test")), Instant.now());
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        target.invoke(request, "hi".getBytes(StandardCharsets.UTF_8), "/" + locationId, false, outcome::complete);
        return outcome.get(10, TimeUnit.SECONDS);
    }

    @Nested
    class Invoking {
        @Test
        void anAnswerCarriesWhatAConsoleShowsByReference() throws Exception {
            functions.apply(ClbConfig.parse(config(3), BASE));
            Outcome outcome = invoke("loc-echo");

            assertThat(outcome).isInstanceOf(Outcome.Answered.class);
            assertThat(outcome.response().statusCode()).isEqualTo(200);
            assertThat(outcome.response().headers()).contains(new Header("X-Id", idSeen.get()));
            InvocationRecord record = outcome.record();
            assertThat(record.requestId()).as("the id the function saw").isEqualTo(idSeen.get());
            assertThat(record.function().functionName()).isEqualTo("echo");
            assertThat(record.function().qualifier()).isEqualTo("$LATEST");
            assertThat(new String(record.event().orElseThrow(), StandardCharsets.UTF_8))
                    .contains("\"payload\":\"aGk=\"", "\"Host\":\"a.test\"");
            assertThat(new String(record.value().orElseThrow(), StandardCharsets.UTF_8)).contains("\"X-Id\"");
            assertThat(record.verdict()).hasValueSatisfying(v -> assertThat(v).isInstanceOf(DecodeResult.Valid.class));
            assertThat(record.totalTime()).isGreaterThanOrEqualTo(record.functionTime());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (observed.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();   // the observer runs after the outcome's consumer, on the deciding thread
            }
            assertThat(observed).containsExactly(record);
        }

        @Test
        void anInvalidIntegrationResponseIsRefusedWithTheDecodersPath() throws Exception {
            functions.apply(ClbConfig.parse(config(3), BASE));
            Outcome outcome = invoke("loc-bad");

            assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
                assertThat(refused.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
                assertThat(refused.response().statusCode()).isEqualTo(403);
                assertThat(refused.reason()).contains("default/bad:$LATEST");
            });
            assertThat(outcome.record().verdict()).hasValueSatisfying(v -> assertThat(v)
                    .isInstanceOfSatisfying(DecodeResult.Invalid.class,
                            invalid -> assertThat(invalid.path()).isEqualTo("$.statusCode")));
        }

        @Test
        void aRuleWithoutAFunctionHasNoTarget() {
            functions.apply(ClbConfig.parse(config(3), BASE));
            assertThat(functions.current().target(rule("loc-none"))).isEmpty();
        }

        @Test
        void anObserverThatThrowsDoesNotTakeTheOutcomeAway() throws Exception {
            Functions throwing = Functions.builder().function("echo", (e, c) -> "{\"statusCode\": 204}")
                    .function("bad", (e, c) -> "{}").observer(r -> {
                        throw new IllegalStateException("observer bug");
                    }).build();
            try {
                throwing.apply(ClbConfig.parse(config(3), BASE));
                Target target = throwing.current().target(throwing.current().routes().config().listeners().get(0)
                        .rules().get(0)).orElseThrow();
                CompletableFuture<Outcome> outcome = new CompletableFuture<>();
                target.invoke(new InboundRequest("GET", "/echo", "http", "HTTP/1.1", "127.0.0.1", 1, "127.0.0.1", 80,
                        List.of(), Instant.now()), new byte[0], "/echo", false, outcome::complete);
                assertThat(outcome.get(10, TimeUnit.SECONDS).response().statusCode()).isEqualTo(204);
            } finally {
                throwing.close();
            }
        }
    }

    @Nested
    class Applying {
        @Test
        void anUnchangedFunctionKeepsItsRuntimeAndAChangedOneGetsANewOne() {
            Snapshot first = functions.apply(ClbConfig.parse(config(3), BASE));
            Snapshot same = functions.apply(ClbConfig.parse(config(3).replace("\"lb\"", "\"lb-2\""), BASE));
            Snapshot changed = functions.apply(ClbConfig.parse(config(5), BASE));

            FunctionKey echo = FunctionKey.of(null, "echo", null);
            FunctionKey bad = FunctionKey.of(null, "bad", null);
            assertThat(same.functions().get(echo)).isSameAs(first.functions().get(echo));
            assertThat(changed.functions().get(echo)).isNotSameAs(first.functions().get(echo));
            assertThat(changed.functions().get(bad)).isSameAs(first.functions().get(bad));
            assertThat(functions.current()).isSameAs(changed);
        }

        @Test
        void anInvalidConfigurationChangesNothingAndSaysEveryProblem() {
            Snapshot first = functions.apply(ClbConfig.parse(config(3), BASE));
            Throwable thrown = catchThrowable(() -> functions.apply(ClbConfig.parse(config(3)
                    .replace("\"FunctionName\": \"bad\"", "\"FunctionName\": \"ghost\""), BASE)));

            assertThat(thrown).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                    .extracting(p -> p.code() + " " + p.where())
                    .containsExactly("ResourceNotFound $.Listeners[0].Rules[1].FunctionTargets[0].Function "
                            + "[lbl-1/loc-bad]"));
            assertThat(functions.current()).isSameAs(first);
        }

        @Test
        void nothingIsCurrentBeforeTheFirstApply() {
            assertThat(catchThrowable(functions::current)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeRunsEveryPendingScheduledActionAtOnce() {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicBoolean closingWhenRun = new AtomicBoolean();
        functions.schedule(1, TimeUnit.HOURS, () -> {
            ran.set(true);
            closingWhenRun.set(functions.closing());
        });
        Functions.Pending cancelled = functions.schedule(1, TimeUnit.HOURS, () -> {
            throw new AssertionError("cancelled, must not run");
        });
        cancelled.cancel();

        functions.close();

        assertThat(ran).isTrue();
        assertThat(closingWhenRun).isTrue();
    }
}
