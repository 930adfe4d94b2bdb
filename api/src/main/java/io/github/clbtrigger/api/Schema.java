package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The shape of an action's parameters, checked once at the boundary before the action reads them: an unknown name
 * is {@code UnknownParameter}, an absent required one (or {@code null}, or {@code ""}) {@code MissingParameter}, a
 * wrong JSON type {@code InvalidParameter}, a string or array too long {@code InvalidParameterValue.Length}. Every
 * message names the parameter as a JSON path, e.g. {@code $.FunctionTargets[0].Function.FunctionName}.
 *
 * <p>Names of the SDK's request model that this emulator does not act on ({@code HealthCheck}, {@code Scheduler},
 * ...) are {@link #ANY}: accepted and ignored, so a request the official SDK builds is never refused for them.
 */
final class Schema {
    /** Longest string parameter accepted. */
    static final int MAX_STRING = 1024;

    private enum Kind { STRING, INT, BOOL, ANY, ARRAY, OBJECT }

    static final Schema STRING = new Schema(Kind.STRING, null, Map.of(), Set.of(), 0);
    static final Schema INT = new Schema(Kind.INT, null, Map.of(), Set.of(), 0);
    static final Schema BOOL = new Schema(Kind.BOOL, null, Map.of(), Set.of(), 0);
    static final Schema ANY = new Schema(Kind.ANY, null, Map.of(), Set.of(), 0);

    private final Kind kind;
    private final Schema element;
    private final Map<String, Schema> fields;
    private final Set<String> required;
    private final int maxItems;

    private Schema(Kind kind, Schema element, Map<String, Schema> fields, Set<String> required, int maxItems) {
        this.kind = kind;
        this.element = element;
        this.fields = fields;
        this.required = required;
        this.maxItems = maxItems;
    }

    static Schema array(Schema element, int maxItems) {
        return new Schema(Kind.ARRAY, element, Map.of(), Set.of(), maxItems);
    }

    static Builder object() {
        return new Builder();
    }

    /** Builds an object schema; names keep the SDK model's declaration order. */
    static final class Builder {
        private final Map<String, Schema> fields = new LinkedHashMap<>();
        private final Set<String> required = new LinkedHashSet<>();

        Builder required(String name, Schema schema) {
            fields.put(name, schema);
            required.add(name);
            return this;
        }

        Builder optional(String name, Schema schema) {
            fields.put(name, schema);
            return this;
        }

        /** Names the SDK may send that are accepted and ignored. */
        Builder ignored(String... names) {
            for (String n : names) {
                fields.put(n, ANY);
            }
            return this;
        }

        Schema build() {
            return new Schema(Kind.OBJECT, null, Map.copyOf(fields), Set.copyOf(required), 0);
        }
    }

    /**
     * Checks {@code node} against this schema.
     *
     * @throws ApiError on the first problem, in document order
     */
    void check(JsonNode node, String path) {
        switch (kind) {
            case ANY -> { }
            case STRING -> {
                if (!node.isTextual()) {
                    throw wrongType(path, "a string", node);
                }
                if (node.asText().length() > MAX_STRING) {
                    throw new ApiError(ApiError.VALUE_LENGTH, "The parameter `" + path + "` is longer than "
                            + MAX_STRING + " characters.");
                }
            }
            case INT -> {
                if (!node.canConvertToLong() || !node.isIntegralNumber()) {
                    throw wrongType(path, "an integer", node);
                }
            }
            case BOOL -> {
                if (!node.isBoolean()) {
                    throw wrongType(path, "a boolean", node);
                }
            }
            case ARRAY -> {
                if (!node.isArray()) {
                    throw wrongType(path, "an array", node);
                }
                if (node.size() > maxItems) {
                    throw new ApiError(ApiError.VALUE_LENGTH, "The parameter `" + path + "` has " + node.size()
                            + " items; at most " + maxItems + " are accepted.");
                }
                for (int i = 0; i < node.size(); i++) {
                    JsonNode item = node.get(i);
                    if (item.isNull()) {
                        throw wrongType(path + "[" + i + "]", "a value", item);
                    }
                    element.check(item, path + "[" + i + "]");
                }
            }
            case OBJECT -> {
                if (!node.isObject()) {
                    throw wrongType(path, "an object", node);
                }
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    Schema s = fields.get(e.getKey());
                    String at = path + "." + e.getKey();
                    if (s == null) {
                        throw new ApiError(ApiError.UNKNOWN_PARAMETER, "The parameter `"
                                + (path + "." + Json.quote(e.getKey()).replace("'", "")) + "` is not recognized.");
                    }
                    if (!e.getValue().isNull()) {
                        s.check(e.getValue(), at);
                    }
                }
                for (String r : required) {
                    JsonNode v = node.get(r);
                    if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())
                            || (v.isArray() && v.isEmpty())) {
                        throw new ApiError(ApiError.MISSING_PARAMETER, "The parameter `" + path + "." + r
                                + "` is missing.");
                    }
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static ApiError wrongType(String path, String expected, JsonNode got) {
        return new ApiError(ApiError.INVALID_PARAMETER, "The parameter `" + path + "` must be " + expected
                + ", not " + got.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ".");
    }
}
