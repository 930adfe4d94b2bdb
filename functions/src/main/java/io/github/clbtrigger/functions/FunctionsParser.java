package io.github.clbtrigger.functions;

import io.github.clbtrigger.common.Sanitize;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the {@code Functions} section (SCF CreateFunction field names) into {@link FunctionSpec}s.
 *
 * <p>Accepted input: the whole configuration object (its {@code Functions} member is read, everything else is the
 * matcher's) or the bare array. Field names are SCF's, case-sensitive; unknown fields are ignored on purpose (so a
 * CreateFunction request body can be pasted in). Every error names the entry, the function and the field:
 * {@code Functions[1] "hello": Timeout: expected an integer from 1 to 900, got "abc"}.
 */
final class FunctionsParser {

    /** SCF: 1-60 characters, letters, digits, '-' and '_', starting with a letter. */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,59}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final Pattern QUALIFIER = Pattern.compile("\\$LATEST|[A-Za-z0-9_-]{1,60}");
    /** {@code package.Class::method}, SCF's three-part Java handler. */
    private static final Pattern HANDLER = Pattern.compile(
            "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*::[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");

    private FunctionsParser() {
    }

    /**
     * Parses JSON text.
     *
     * @param json the configuration object or the bare {@code Functions} array
     * @param baseDir what a relative {@code Bootstrap} path is resolved against (the configuration file's folder)
     * @param registered names of functions registered programmatically; such an entry may omit Handler and Url
     * @throws IllegalArgumentException naming the entry, function and field
     */
    static List<FunctionSpec> parse(String json, Path baseDir, Set<String> registered) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Functions: not valid JSON: " + e.getOriginalMessage().replaceAll(
                    "\\[Source: REDACTED \\([^)]*\\); ", "["), e); // Jackson's placeholder for the source
        }
        return parse(root, baseDir, registered);
    }

    static List<FunctionSpec> parse(JsonNode root, Path baseDir, Set<String> registered) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        JsonNode array = root.isObject() ? root.get("Functions") : root;
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("Functions: expected an array, got " + kind(array));
        }
        List<FunctionSpec> specs = new ArrayList<>();
        Set<FunctionKey> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            FunctionSpec spec = parseOne(i, array.get(i), baseDir, registered);
            if (!seen.add(spec.key())) {
                throw new IllegalArgumentException("Functions[" + i + "] \"" + spec.name()
                        + "\": FunctionName: duplicate function " + spec.displayName());
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    private static FunctionSpec parseOne(int index, JsonNode node, Path baseDir, Set<String> registered) {
        String where = "Functions[" + index + "]";
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object, got " + kind(node));
        }
        String name = null;
        String namespace = FunctionSpec.DEFAULT_NAMESPACE;
        String qualifier = FunctionSpec.DEFAULT_QUALIFIER;
        String type = "Event";
        String handler = null;
        String url = null;
        String bootstrap = null;
        Integer port = null;
        int timeout = FunctionSpec.DEFAULT_TIMEOUT_SECONDS;
        int memory = FunctionSpec.DEFAULT_MEMORY_MB;
        int concurrency = FunctionSpec.DEFAULT_MAX_CONCURRENCY;
        Map<String, String> env = new LinkedHashMap<>();

        JsonNode nameNode = node.get("FunctionName");
        if (nameNode == null || !nameNode.isTextual()) {
            throw new IllegalArgumentException(where + ": FunctionName: required, a string");
        }
        name = nameNode.textValue();
        where = where + " \"" + Sanitize.forMessage(name, 80) + "\"";
        if (!FUNCTION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": FunctionName: 1-60 letters, digits, '-' or '_', starting with a letter");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "Namespace" -> namespace = text(where, "Namespace", v, NAMESPACE);
                case "Qualifier" -> qualifier = text(where, "Qualifier", v, QUALIFIER);
                case "Type" -> type = text(where, "Type", v, null);
                case "Handler" -> handler = text(where, "Handler", v, HANDLER);
                case "Url" -> url = text(where, "Url", v, null);
                case "Bootstrap" -> bootstrap = text(where, "Bootstrap", v, null);
                case "Port" -> port = integer(where, "Port", v, 1, 65535);
                case "Timeout" -> timeout = integer(where, "Timeout", v, 1, 900);
                case "MemorySize" -> memory = integer(where, "MemorySize", v, 64, 65536);
                case "MaxConcurrency" -> concurrency = integer(where, "MaxConcurrency", v, 1, 100_000);
                case "Environment" -> env = environment(where, v);
                default -> {
                    // Unknown fields (Runtime, Description, Code, ...) are ignored on purpose.
                }
            }
        }
        FunctionSpec.Kind kind;
        URI uri = null;
        Path bootstrapPath = null;
        switch (type.toUpperCase(Locale.ROOT)) {
            case "EVENT" -> {
                if (bootstrap != null) {
                    throw new IllegalArgumentException(where + ": Bootstrap: only for Type \"HTTP\" functions");
                }
                if (handler != null && url != null) {
                    throw new IllegalArgumentException(where + ": Handler, Url: give one, not both");
                }
                if (url != null) {
                    kind = FunctionSpec.Kind.REMOTE_EVENT;
                    uri = httpUri(where, url);
                } else if (handler != null || registered.contains(name)) {
                    kind = FunctionSpec.Kind.IN_PROCESS;
                } else {
                    throw new IllegalArgumentException(where
                            + ": Handler: required for an Event function (or Url, or a ClbFunction registered as \""
                            + name + "\")");
                }
            }
            case "HTTP" -> {
                if (handler != null) {
                    throw new IllegalArgumentException(where + ": Handler: not for Type \"HTTP\" functions (use Bootstrap or Url)");
                }
                if ((bootstrap == null) == (url == null)) {
                    throw new IllegalArgumentException(where + ": Bootstrap, Url: an HTTP function needs exactly one of them");
                }
                if (bootstrap != null) {
                    kind = FunctionSpec.Kind.HTTP_BOOTSTRAP;
                    bootstrapPath = baseDir.resolve(bootstrap).toAbsolutePath().normalize();
                } else {
                    kind = FunctionSpec.Kind.HTTP_URL;
                    uri = httpUri(where, url);
                }
            }
            default -> throw new IllegalArgumentException(where + ": Type: expected \"Event\" or \"HTTP\", got \""
                    + Sanitize.forMessage(type, 40) + "\"");
        }
        if (port != null && kind != FunctionSpec.Kind.HTTP_BOOTSTRAP) {
            throw new IllegalArgumentException(where + ": Port: only for HTTP functions with a Bootstrap");
        }
        return new FunctionSpec(name, namespace, qualifier, kind, handler, uri, bootstrapPath,
                port == null ? FunctionSpec.DEFAULT_PORT : port, timeout, memory, concurrency, env);
    }

    private static String text(String where, String field, JsonNode v, Pattern pattern) {
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw new IllegalArgumentException(where + ": " + field + ": expected a non-empty string, got " + kind(v));
        }
        String s = v.textValue();
        if (pattern != null && !pattern.matcher(s).matches()) {
            throw new IllegalArgumentException(where + ": " + field + ": invalid value \"" + Sanitize.forMessage(s, 80) + "\"");
        }
        return s;
    }

    private static int integer(String where, String field, JsonNode v, int min, int max) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new IllegalArgumentException(where + ": " + field + ": expected an integer from " + min + " to " + max
                    + ", got " + (v.isTextual() ? "\"" + Sanitize.forMessage(v.textValue(), 40) + "\"" : Sanitize.forMessage(v.toString(), 40)));
        }
        return v.intValue();
    }

    private static Map<String, String> environment(String where, JsonNode v) {
        if (!v.isObject()) {
            throw new IllegalArgumentException(where + ": Environment: expected an object {\"Variables\": [...]}");
        }
        JsonNode vars = v.get("Variables");
        Map<String, String> env = new LinkedHashMap<>();
        if (vars == null || vars.isNull()) {
            return env;
        }
        if (!vars.isArray()) {
            throw new IllegalArgumentException(where + ": Environment.Variables: expected an array of {\"Key\", \"Value\"}");
        }
        for (int i = 0; i < vars.size(); i++) {
            JsonNode kv = vars.get(i);
            String at = "Environment.Variables[" + i + "]";
            JsonNode key = kv.get("Key");
            JsonNode value = kv.get("Value");
            if (key == null || !key.isTextual() || key.textValue().isEmpty() || key.textValue().indexOf('=') >= 0
                    || key.textValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException(where + ": " + at + ".Key: expected a non-empty string without '=' or NUL");
            }
            if (value == null || !value.isTextual() || value.textValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException(where + ": " + at + ".Value: expected a string without NUL");
            }
            env.put(key.textValue(), value.textValue());
        }
        return env;
    }

    private static URI httpUri(String where, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(where + ": Url: expected an absolute http:// or https:// URL, got \""
                        + Sanitize.forMessage(url, 200) + "\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + ": Url: not a URL: " + Sanitize.forMessage(e.getMessage(), 200), e);
        }
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
