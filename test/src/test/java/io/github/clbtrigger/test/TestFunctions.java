package io.github.clbtrigger.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.qcloud.scf.runtime.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** Event functions of every binding the runtimes support, for this module's tests. */
public final class TestFunctions {

    /** The event as a {@code Map}; answers with the Host it saw. */
    public static Map<String, Object> map(Map<String, Object> event) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", 200);
        response.put("headers", Map.of("Content-Type", "text/plain", "X-Binding", "map"));
        response.put("body", "map for " + ((Map<?, ?>) event.get("headers")).get("Host"));
        response.put("isBase64Encoded", false);
        return response;
    }

    /** The event as a {@code JsonNode}; answers with the whole event as its body. */
    public static JsonNode tree(JsonNode event) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("statusCode", 200);
        response.putObject("headers").put("Content-Type", "application/json");
        response.put("body", event.toString());
        return response;
    }

    /** A CLB event as a POJO. */
    public static final class Event {
        public Map<String, String> headers;
        public Object payload;
    }

    /** An integration response as a POJO. */
    public static final class Reply {
        public int statusCode = 200;
        public boolean isBase64Encoded;
        public Map<String, String> headers = new LinkedHashMap<>();
        public String body;
    }

    /** POJO in, POJO out: greets the Host. */
    public static Reply pojo(Event event) {
        Reply reply = new Reply();
        reply.statusCode = 201;
        reply.headers.put("Content-Type", "text/plain");
        reply.body = "pojo for " + event.headers.get("Host");
        return reply;
    }

    /** Tencent's {@code Context}: answers what it says. */
    public static Reply context(Event event, Context context) {
        Reply reply = new Reply();
        reply.headers.put("Content-Type", "text/plain");
        reply.body = context.getMemoryLimitInMb() + "MB " + context.getTimeLimitInMs() + "ms " + context.getRequestId();
        return reply;
    }

    /** An answer CLB refuses: a header value that is an object. */
    public static String bad(String event) {
        return "{\"statusCode\": 200, \"headers\": {\"X-Bad\": {\"nested\": true}}, \"body\": \"\"}";
    }
}
