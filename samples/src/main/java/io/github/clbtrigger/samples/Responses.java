package io.github.clbtrigger.samples;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds CLB integration responses, the value a function returns to the frontend. */
public final class Responses {
    private Responses() {}

    /**
     * A JSON integration response.
     *
     * @param statusCode the HTTP status
     * @param json the response body, already JSON
     * @return the integration response as a map, serialized by the runtime
     */
    public static Map<String, Object> json(int statusCode, String json) {
        return response(statusCode, "application/json", json, false);
    }

    /**
     * An integration response.
     *
     * @param statusCode the HTTP status
     * @param contentType the Content-Type header
     * @param body the body, Base64 when {@code base64} is true
     * @param base64 whether the body is Base64 encoded binary content
     * @return the integration response as a map
     */
    public static Map<String, Object> response(int statusCode, String contentType, String body, boolean base64) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("isBase64Encoded", base64);
        response.put("statusCode", statusCode);
        response.put("headers", Map.of("Content-Type", contentType));
        response.put("body", body);
        return response;
    }

    /**
     * Escapes a string as a JSON string literal, quotes included.
     *
     * @param value the text
     * @return the JSON string
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
