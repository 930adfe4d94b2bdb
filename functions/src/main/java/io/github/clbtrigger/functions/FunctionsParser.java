package io.github.clbtrigger.functions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clbtrigger.common.Sanitize;
import io.github.clbtrigger.functions.FunctionSpec.Limits;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ConfigSection;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the {@code Functions} section (SCF CreateFunction field names) into {@link FunctionSpec}s, as a
 * {@link ConfigSection} of the matcher's one pass over the configuration: the same bounded parser as the rules, and
 * every problem reported, each with its CLB error code and JSON path
 * ({@code InvalidParameter.FormatError: $.Functions[1].Timeout: expected an integer from 1 to 900, got "abc"}).
 *
 * <p>Field names are SCF's, case-sensitive; unknown fields are ignored on purpose (so a CreateFunction request body
 * can be pasted in). An entry with a problem is left out of the result; the others are kept, so that later checks
 * (rule targets, ports) report what they find too.
 */
final class FunctionsParser implements ConfigSection {

    /** SCF: 1-60 characters, letters, digits, '-' and '_', starting with a letter. */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,59}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final Pattern QUALIFIER = Pattern.compile("\\$LATEST|[A-Za-z0-9_-]{1,60}");
    /** {@code package.Class::method}, SCF's three-part Java handler. */
    private static final Pattern HANDLER = Pattern.compile(
            "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*::[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");

    /**
     * One parsed entry and where it stands, for the problems later checks find in it.
     *
     * @param path the entry's JSON path, {@code $.Functions[i]}
     * @param spec the entry
     */
    record Entry(String path, FunctionSpec spec) {
    }

    private final Path baseDir;
    private final List<Entry> entries = new ArrayList<>();
    private List<ConfigProblem> problems;

    /** @param baseDir what a relative {@code Bootstrap} path resolves against (the configuration file's folder) */
    FunctionsParser(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** {@return the entries read, in order; those with a problem left out} */
    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * The text of the top-level {@code Functions} member of a configuration, found without building anything else
     * (the scan skips the other members' values token by token), or null when there is none or the text is not a
     * JSON object (the full parse reports that).
     */
    static String section(String json) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("Functions")) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    return json.substring(start, (int) p.currentLocation().getCharOffset());
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void read(JsonParser parser, String path, List<ConfigProblem> problems) throws IOException {
        JsonNode value = Json.MAPPER.readTree(parser);
        read(value, path, problems);
    }

    /** Reads the {@code Functions} array (or {@code null}: none). */
    void read(JsonNode array, String path, List<ConfigProblem> out) {
        this.problems = out;
        if (array == null || array.isNull() || array.isMissingNode()) {
            return;
        }
        if (!array.isArray()) {
            problem(ConfigProblem.FORMAT_ERROR, path, "expected an array, got " + kind(array));
            return;
        }
        Map<FunctionKey, String> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String at = path + "[" + i + "]";
            FunctionSpec spec = one(at, array.get(i));
            if (spec == null) {
                continue;
            }
            String other = seen.putIfAbsent(spec.key(), at);
            if (other != null) {
                problem(ConfigProblem.DUPLICATE, at + ".FunctionName", "function " + spec.displayName()
                        + " is also " + other);
            } else {
                entries.add(new Entry(at, spec));
            }
        }
    }

    /** One entry, or {@code null} when it has a problem (each one reported). */
    private FunctionSpec one(String at, JsonNode node) {
        if (!node.isObject()) {
            problem(ConfigProblem.FORMAT_ERROR, at, "expected an object, got " + kind(node));
            return null;
        }
        int before = problems.size();
        String name = null;
        JsonNode nameNode = node.get("FunctionName");
        if (nameNode == null || !nameNode.isTextual()) {
            problem(ConfigProblem.MISSING_PARAMETER, at + ".FunctionName", "required, a string");
        } else if (!FUNCTION_NAME.matcher(nameNode.textValue()).matches()) {
            problem(ConfigProblem.FORMAT_ERROR, at + ".FunctionName", "1-60 letters, digits, '-' or '_', starting "
                    + "with a letter, got \"" + Sanitize.forMessage(nameNode.textValue(), 80) + "\"");
        } else {
            name = nameNode.textValue();
        }
        String namespace = FunctionSpec.DEFAULT_NAMESPACE;
        String qualifier = FunctionSpec.DEFAULT_QUALIFIER;
        String type = "Event";
        String handler = null;
        String url = null;
        String bootstrap = null;
        Integer port = null;
        int timeout = Limits.DEFAULTS.timeoutSeconds();
        int memory = Limits.DEFAULTS.memoryMb();
        int concurrency = Limits.DEFAULTS.maxConcurrency();
        Map<String, String> env = Map.of();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode v = field.getValue();
            String f = at + "." + field.getKey();
            switch (field.getKey()) {
                case "Namespace" -> namespace = orElse(text(f, v, NAMESPACE), namespace);
                case "Qualifier" -> qualifier = orElse(text(f, v, QUALIFIER), qualifier);
                case "Type" -> type = orElse(text(f, v, null), type);
                case "Handler" -> handler = text(f, v, HANDLER);
                case "Url" -> url = text(f, v, null);
                case "Bootstrap" -> bootstrap = text(f, v, null);
                case "Port" -> port = integer(f, v, 1, 65535);
                case "Timeout" -> timeout = orElse(integer(f, v, 1, 900), timeout);
                case "MemorySize" -> memory = orElse(integer(f, v, 64, 65536), memory);
                case "MaxConcurrency" -> concurrency = orElse(integer(f, v, 1, 100_000), concurrency);
                case "Environment" -> env = environment(f, v);
                default -> {
                    // Unknown fields (Runtime, Description, Code, ...) are ignored on purpose.
                }
            }
        }
        if (problems.size() > before) {
            return null;   // the kind checks below would only repeat what is wrong
        }
        FunctionKey key = FunctionKey.of(namespace, name, qualifier);
        Limits limits = new Limits(timeout, memory, concurrency);
        FunctionSpec spec = switch (type.toUpperCase(Locale.ROOT)) {
            case "EVENT" -> event(at, key, limits, env, handler, url, bootstrap);
            case "HTTP" -> http(at, key, limits, env, handler, url, bootstrap, port == null ? FunctionSpec.DEFAULT_PORT
                    : port);
            default -> {
                problem(ConfigProblem.FORMAT_ERROR, at + ".Type", "expected \"Event\" or \"HTTP\", got \""
                        + Sanitize.forMessage(type, 40) + "\"");
                yield null;
            }
        };
        if (spec != null && port != null && !(spec instanceof FunctionSpec.HttpBootstrap)) {
            problem(ConfigProblem.FORMAT_ERROR, at + ".Port", "only for HTTP functions with a Bootstrap");
            return null;
        }
        return spec;
    }

    private FunctionSpec event(String at, FunctionKey key, Limits limits, Map<String, String> env, String handler,
            String url, String bootstrap) {
        if (bootstrap != null) {
            problem(ConfigProblem.FORMAT_ERROR, at + ".Bootstrap", "only for Type \"HTTP\" functions");
            return null;
        }
        if (handler != null && url != null) {
            problem(ConfigProblem.FORMAT_ERROR, at + ".Url", "give Handler or Url, not both");
            return null;
        }
        if (url != null) {
            URI uri = httpUri(at + ".Url", url);
            return uri == null ? null : new FunctionSpec.RemoteEvent(key, limits, env, uri);
        }
        if (handler != null) {
            return new FunctionSpec.ScfHandler(key, limits, env, handler);
        }
        // neither: the limits of a ClbFunction registered in code under this name (checked when it is applied)
        return new FunctionSpec.Registered(key, limits, env);
    }

    private FunctionSpec http(String at, FunctionKey key, Limits limits, Map<String, String> env, String handler,
            String url, String bootstrap, int port) {
        if (handler != null) {
            problem(ConfigProblem.FORMAT_ERROR, at + ".Handler", "not for Type \"HTTP\" functions (use Bootstrap or "
                    + "Url)");
            return null;
        }
        if (bootstrap == null && url == null) {
            problem(ConfigProblem.MISSING_PARAMETER, at + ".Bootstrap", "an HTTP function needs Bootstrap or Url");
            return null;
        }
        if (bootstrap != null && url != null) {
            problem(ConfigProblem.FORMAT_ERROR, at + ".Url", "give Bootstrap or Url, not both");
            return null;
        }
        if (bootstrap != null) {
            return new FunctionSpec.HttpBootstrap(key, limits, env, baseDir.resolve(bootstrap).toAbsolutePath()
                    .normalize(), port);
        }
        URI uri = httpUri(at + ".Url", url);
        return uri == null ? null : new FunctionSpec.HttpUrl(key, limits, env, uri);
    }

    private String text(String at, JsonNode v, Pattern pattern) {
        if (!v.isTextual() || v.textValue().isEmpty()) {
            problem(ConfigProblem.FORMAT_ERROR, at, "expected a non-empty string, got " + kind(v));
            return null;
        }
        String s = v.textValue();
        if (pattern != null && !pattern.matcher(s).matches()) {
            problem(ConfigProblem.FORMAT_ERROR, at, "invalid value \"" + Sanitize.forMessage(s, 80) + "\"");
            return null;
        }
        return s;
    }

    private Integer integer(String at, JsonNode v, int min, int max) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            problem(ConfigProblem.FORMAT_ERROR, at, "expected an integer from " + min + " to " + max + ", got "
                    + (v.isTextual() ? "\"" + Sanitize.forMessage(v.textValue(), 40) + "\""
                    : Sanitize.forMessage(v.toString(), 40)));
            return null;
        }
        return v.intValue();
    }

    private Map<String, String> environment(String at, JsonNode v) {
        if (!v.isObject()) {
            problem(ConfigProblem.FORMAT_ERROR, at, "expected an object {\"Variables\": [...]}");
            return Map.of();
        }
        JsonNode vars = v.get("Variables");
        Map<String, String> env = new LinkedHashMap<>();
        if (vars == null || vars.isNull()) {
            return env;
        }
        if (!vars.isArray()) {
            problem(ConfigProblem.FORMAT_ERROR, at + ".Variables", "expected an array of {\"Key\", \"Value\"}");
            return env;
        }
        for (int i = 0; i < vars.size(); i++) {
            JsonNode kv = vars.get(i);
            String item = at + ".Variables[" + i + "]";
            JsonNode key = kv.get("Key");
            JsonNode value = kv.get("Value");
            if (key == null || !key.isTextual() || key.textValue().isEmpty() || key.textValue().indexOf('=') >= 0
                    || key.textValue().indexOf('\0') >= 0) {
                problem(ConfigProblem.FORMAT_ERROR, item + ".Key", "expected a non-empty string without '=' or NUL");
            } else if (value == null || !value.isTextual() || value.textValue().indexOf('\0') >= 0) {
                problem(ConfigProblem.FORMAT_ERROR, item + ".Value", "expected a string without NUL");
            } else {
                env.put(key.textValue(), value.textValue());
            }
        }
        return env;
    }

    private URI httpUri(String at, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
            problem(ConfigProblem.FORMAT_ERROR, at, "expected an absolute http:// or https:// URL, got \""
                    + Sanitize.forMessage(url, 200) + "\"");
        } catch (URISyntaxException e) {
            problem(ConfigProblem.FORMAT_ERROR, at, "not a URL: " + Sanitize.forMessage(e.getMessage(), 200));
        }
        return null;
    }

    private void problem(String code, String where, String what) {
        problems.add(new ConfigProblem(code, where, what));
    }

    private static <T> T orElse(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
