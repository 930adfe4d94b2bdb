package io.github.clbtrigger.samples.hello;

import io.github.clbtrigger.samples.Responses;

import java.util.Map;

/**
 * The hello sample: a JSON-in, JSON-out SCF event function, handler {@code io.github.clbtrigger.samples.hello.Hello::mainHandler}.
 *
 * <p>It greets the {@code name} of a JSON body ({@code {"name":"Ada"}}), else "world", and echoes which CLB
 * headers it saw, so you can see the event CLB sends.
 */
public final class Hello {

    /**
     * The handler: the CLB trigger event in, an integration response out.
     *
     * @param event the CLB trigger event: {@code headers}, {@code payload}, {@code isBase64Encoded}
     * @return the integration response
     */
    public Map<String, Object> mainHandler(Map<String, Object> event) {
        Object payload = event.get("payload");
        String name = "world";
        if (payload instanceof Map<?, ?> json && json.get("name") instanceof String given && !given.isBlank()) {
            name = given;
        }
        Object headers = event.get("headers");
        String client = headers instanceof Map<?, ?> map && map.get("X-Real-IP") instanceof String ip ? ip : "";
        return Responses.json(200, "{\"message\":" + Responses.quote("Hello, " + name + "!")
                + ",\"client\":" + Responses.quote(client) + "}");
    }
}
