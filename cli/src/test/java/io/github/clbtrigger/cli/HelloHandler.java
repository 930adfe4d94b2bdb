package io.github.clbtrigger.cli;

import java.util.Map;

/** A test event function, as the hello sample: greets the {@code name} of a JSON body and says the client's IP. */
public final class HelloHandler {

    /**
     * The handler.
     *
     * @param event the CLB trigger event
     * @return an integration response
     */
    public Map<String, Object> mainHandler(Map<String, Object> event) {
        String name = event.get("payload") instanceof Map<?, ?> json && json.get("name") instanceof String given
                && !given.isBlank() ? given : "world";
        String client = event.get("headers") instanceof Map<?, ?> headers
                && headers.get("X-Real-IP") instanceof String ip ? ip : "";
        return Map.of("statusCode", 200, "isBase64Encoded", false,
                "headers", Map.of("Content-Type", "application/json"),
                "body", "{\"message\":\"Hello, " + name + "!\",\"client\":\"" + client + "\"}");
    }
}
