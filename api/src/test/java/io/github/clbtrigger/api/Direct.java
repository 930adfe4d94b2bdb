package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Calls made on a {@link ControlPlane} directly, without HTTP: for tests that send many at once or use its seams. */
final class Direct {
    private Direct() {
    }

    static ApiRequest request(String action, String body) {
        return new ApiRequest("POST", "", Map.of("Content-Type", "application/json", "X-TC-Action", action,
                "X-TC-Version", ApiOptions.VERSION), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code Response} object of the answer to one call. */
    static ObjectNode call(ControlPlane plane, String action, String body) {
        try {
            return (ObjectNode) Json.object(plane.handle(request(action, body))).get("Response");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error code of an answer, {@code ""} for a success. */
    static String code(ObjectNode response) {
        return response.path("Error").path("Code").asText("");
    }

    static String createRule(String listener, String domain, String url) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("LoadBalancerId", "lb-test").put("ListenerId", listener);
        p.putArray("Rules").addObject().put("Domain", domain).put("Url", url);
        return p.toString();
    }

    static String deleteRule(String listener, String domain, String url) {
        return Json.MAPPER.createObjectNode().put("LoadBalancerId", "lb-test").put("ListenerId", listener)
                .put("Domain", domain).put("Url", url).toString();
    }

    /** Register, Deregister or Modify parameters naming the rule by {@code Domain} + {@code Url}. */
    static String binding(String listener, String domain, String url, String name, String qualifier, int weight) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("LoadBalancerId", "lb-test").put("ListenerId", listener)
                .put("Domain", domain).put("Url", url);
        ArrayNode ts = p.putArray("FunctionTargets");
        ObjectNode t = ts.addObject();
        t.putObject("Function").put("FunctionNamespace", "default").put("FunctionName", name)
                .put("FunctionQualifier", qualifier);
        t.put("Weight", weight);
        return p.toString();
    }
}
