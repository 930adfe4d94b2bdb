package com.example.greeter;

import java.util.Map;

/** An SCF event function: greets the {@code name} of a JSON body, or the world. */
public final class Greeter {

    /**
     * The handler, {@code com.example.greeter.Greeter::greet}.
     *
     * @param event the CLB trigger event
     * @return the integration response
     */
    public Map<String, Object> greet(Map<String, Object> event) {
        Object payload = event.get("payload");
        String name = payload instanceof Map<?, ?> body && body.get("name") instanceof String n ? n : "world";
        return Map.of("statusCode", 200, "isBase64Encoded", false,
                "headers", Map.of("Content-Type", "text/plain; charset=utf-8"),
                "body", "Hello, " + name + "!");
    }
}
