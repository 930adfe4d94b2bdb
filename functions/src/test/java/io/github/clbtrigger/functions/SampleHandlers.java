package io.github.clbtrigger.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.qcloud.scf.runtime.Context;
import com.qcloud.services.scf.runtime.events.APIGatewayProxyRequestEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SCF-style handlers loaded by name ({@code io.github.clbtrigger.functions.SampleHandlers::method}) in the tests. */
public class SampleHandlers {

    /** The shape of Tencent's {@code ClbEvent} (scf-java-libs on GitHub; not in the released 0.0.4 jar). */
    public static class ClbEvent {
        private Map<String, String> headers;
        private Map<String, String> payload;

        public Map<String, String> getHeaders() {
            return headers;
        }

        public void setHeaders(Map<String, String> headers) {
            this.headers = headers;
        }

        public Map<String, String> getPayload() {
            return payload;
        }

        public void setPayload(Map<String, String> payload) {
            this.payload = payload;
        }
    }

    /** An integration response as a POJO. */
    public static class Reply {
        public int statusCode = 200;
        public boolean isBase64Encoded;
        public Map<String, Object> headers = new LinkedHashMap<>();
        public String body;
    }

    private int calls;

    /** Instance method: one instance, made once. */
    public String counter(String event) {
        calls++;
        return "{\"statusCode\": 200, \"body\": \"" + calls + "\"}";
    }

    /** String in, String out: echoes the event as the body. */
    public static String echo(String event) throws Exception {
        return Json.MAPPER.writeValueAsString(Map.of("statusCode", 200,
                "headers", Map.of("Content-Type", "application/json"), "body", event));
    }

    /** Map in, Map out. */
    public static Map<String, Object> mapped(Map<String, Object> event) {
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) event.get("headers");
        return Map.of("statusCode", 200, "body", "host=" + headers.get("host") + headers.get("Host"));
    }

    /** Jackson tree in, Jackson tree out. */
    public static JsonNode tree(JsonNode event) {
        return Json.MAPPER.createObjectNode().put("statusCode", 201).put("body", event.path("payload").path("name").asText());
    }

    /** Tencent's ClbEvent shape and Tencent's real Context type, returning a POJO. */
    public Reply clb(ClbEvent event, Context context) {
        Reply r = new Reply();
        r.headers.put("X-Request-Id", context.getRequestId());
        r.headers.put("X-Time-Limit", String.valueOf(context.getTimeLimitInMs()));
        r.headers.put("X-Memory", String.valueOf(context.getMemoryLimitInMb()));
        r.headers.put("Set-Cookie", List.of("a=1", "b=2"));
        r.body = "name=" + event.getPayload().get("name") + " ua=" + event.getHeaders().get("User-Agent");
        return r;
    }

    /** A POJO from the real scf-java-events 0.0.4 artifact, with its Context. */
    public static Reply apigw(APIGatewayProxyRequestEvent event, Context context) {
        Reply r = new Reply();
        r.body = "ua=" + event.getHeaders().get("User-Agent") + " limit=" + context.getTimeLimitInMs();
        return r;
    }

    /** Our own context type. */
    public static String ours(String event, FunctionContext context) {
        return "{\"statusCode\": 200, \"body\": \"" + context.functionName() + " " + context.namespace() + " "
                + context.qualifier() + " " + context.environment().get("STAGE") + "\"}";
    }

    public static String boom(String event) {
        throw new IllegalStateException("boom");
    }

    public static String overloaded(String event) {
        return event;
    }

    public static String overloaded(Map<String, Object> event) {
        return "";
    }

    public static String badContext(String event, String notAContext) {
        return event;
    }

    public static String noArgs() {
        return "";
    }
}
