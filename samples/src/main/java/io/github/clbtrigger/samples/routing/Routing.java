package io.github.clbtrigger.samples.routing;

import io.github.clbtrigger.samples.Responses;

import java.util.Map;

/**
 * The routing sample: one small function per rule, each answering with its own name and the path CLB saw, so
 * a request shows which forwarding rule won (exact, prefix, {@code ^~}, regex, default domain).
 */
public final class Routing {

    /**
     * Answers for the API rules.
     *
     * @param event the CLB trigger event
     * @return which function answered
     */
    public Map<String, Object> api(Map<String, Object> event) {
        return answer("api", event);
    }

    /**
     * Answers for the static-files rules.
     *
     * @param event the CLB trigger event
     * @return which function answered
     */
    public Map<String, Object> assets(Map<String, Object> event) {
        return answer("assets", event);
    }

    /**
     * Answers for the exact rules.
     *
     * @param event the CLB trigger event
     * @return which function answered
     */
    public Map<String, Object> exact(Map<String, Object> event) {
        return answer("exact", event);
    }

    /**
     * Answers for the default domain.
     *
     * @param event the CLB trigger event
     * @return which function answered
     */
    public Map<String, Object> fallback(Map<String, Object> event) {
        return answer("fallback", event);
    }

    private static Map<String, Object> answer(String function, Map<String, Object> event) {
        Object headers = event.get("headers");
        Object uri = headers instanceof Map<?, ?> map ? map.get("X-Uri") : null;
        Object host = headers instanceof Map<?, ?> map ? map.get("Host") : null;
        // X-Uri arrives only when the listener's custom configuration enables it, as in CLB.
        return Responses.json(200, "{\"function\":" + Responses.quote(function)
                + ",\"host\":" + Responses.quote(String.valueOf(host))
                + (uri instanceof String path ? ",\"uri\":" + Responses.quote(path) : "") + "}");
    }
}
