package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clbtrigger.codec.EventEncoder;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JavaHandlerTests {

    private static final String H = "io.github.clbtrigger.functions.SampleHandlers::";
    private static final String EVENT = """
            {"headers": {"Host": "example.com", "User-Agent": "curl/8", "X-Real-IP": "10.0.0.1"},
             "payload": {"name": "clb"}, "isBase64Encoded": false}""";
    private static final InvocationContext CONTEXT = new InvocationContext("req-1", 3000, 256, "hello", "default",
            "$LATEST", Map.of("STAGE", "local"));

    private static JsonNode call(String method) throws Exception {
        ClbFunction fn = JavaHandler.load(H + method, JavaHandlerTests.class.getClassLoader());
        return Json.MAPPER.readTree(fn.handle(EVENT, CONTEXT));
    }

    @Test
    void everyEventTheEncoderWritesReadsBackIntoAMapOrATree() throws Exception {
        // a JSON body as deep as the encoder takes it (512 levels), two levels down in the event
        String deep = "[".repeat(EventEncoder.DEFAULT_MAX_DEPTH) + "]".repeat(EventEncoder.DEFAULT_MAX_DEPTH);
        byte[] body = deep.getBytes(StandardCharsets.UTF_8);
        InboundRequest request = new InboundRequest("POST", "/", "http", "HTTP/1.1", "10.0.0.1", 5000, "10.0.0.2", 80,
                List.of(new Header("Host", "example.com"), new Header("Content-Type", "application/json")),
                Instant.EPOCH);
        String event = EventEncoder.builder().build().encodeToString(request, body, 0, body.length);
        assertThat(Json.EVENTS.readTree(event).path("payload").isArray()).as("the body went in as JSON").isTrue();
        for (String method : new String[] {"mapped", "tree"}) {
            ClbFunction fn = JavaHandler.load(H + method, JavaHandlerTests.class.getClassLoader());
            assertThat(fn.handle(event, CONTEXT)).as(method).contains("statusCode");
        }
    }

    @Test
    void stringInStringOut() throws Exception {
        JsonNode value = call("echo");
        assertThat(value.path("statusCode").asInt()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(value.path("body").asText())).isEqualTo(Json.MAPPER.readTree(EVENT));
    }

    @Test
    void mapInMapOut() throws Exception {
        assertThat(call("mapped").path("body").asText()).isEqualTo("host=nullexample.com");
    }

    @Test
    void treeInTreeOut() throws Exception {
        JsonNode value = call("tree");
        assertThat(value.path("statusCode").asInt()).isEqualTo(201);
        assertThat(value.path("body").asText()).isEqualTo("clb");
    }

    @Test
    void tencentClbEventAndTencentContextGiveAPojoReply() throws Exception {
        JsonNode value = call("clb");
        assertThat(value.path("body").asText()).isEqualTo("name=clb ua=curl/8");
        assertThat(value.path("headers").path("X-Request-Id").asText()).isEqualTo("req-1");
        assertThat(value.path("headers").path("X-Time-Limit").asText()).isEqualTo("3000");
        assertThat(value.path("headers").path("X-Memory").asText()).isEqualTo("256");
        assertThat(value.path("headers").path("Set-Cookie")).hasSize(2);
    }

    @Test
    void theRealArtifactsPojoReadsTheEvent() throws Exception {
        assertThat(call("apigw").path("body").asText()).isEqualTo("ua=curl/8 limit=3000");
    }

    @Test
    void ourContextCarriesIdentityAndEnvironment() throws Exception {
        assertThat(call("ours").path("body").asText()).isEqualTo("hello default $LATEST local");
    }

    @Test
    void anInstanceHandlerKeepsItsInstanceAcrossCalls() throws Exception {
        ClbFunction fn = JavaHandler.load(H + "counter", getClass().getClassLoader());
        fn.handle(EVENT, CONTEXT);
        assertThat(Json.MAPPER.readTree(fn.handle(EVENT, CONTEXT)).path("body").asText()).isEqualTo("2");
    }

    @Test
    void whatTheHandlerThrowsIsThrownAsIs() {
        assertThatThrownBy(() -> call("boom")).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void theTencentContextProxyAnswersObjectMethods() {
        Object ctx = JavaHandler.tencentContext(com.qcloud.scf.runtime.Context.class, CONTEXT);
        assertThat(ctx).isInstanceOf(com.qcloud.scf.runtime.Context.class).hasToString("Context[requestId=req-1]");
        assertThat(ctx).isEqualTo(ctx);
    }

    static Stream<Arguments> unusable() {
        return Stream.of(
                Arguments.of("no.such.Type::handle", "class no.such.Type not found"),
                Arguments.of(H + "missing", "has no public method missing"),
                Arguments.of(H + "overloaded", "has 2 public methods named overloaded"),
                Arguments.of(H + "badContext", "second parameter must be com.qcloud.scf.runtime.Context"),
                Arguments.of(H + "noArgs", "must take the event and optionally a Context, takes 0 parameters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unusable(String handler, String message) {
        assertThatThrownBy(() -> JavaHandler.load(handler, getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
