package io.github.clbtrigger.matcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.clbtrigger.common.JacksonMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes configuration JSON with jackson-core's streaming parser: an explicit loop over field names that skips
 * unknown fields on purpose. Shape problems (wrong type, missing field) are collected with their JSON path; a
 * malformed document stops at the first syntax error. Top-level members the matcher does not model can be read in the
 * same pass by a {@link ConfigSection}, and members of each listener by a {@link ListenerSection}, whose problems join
 * these.
 */
final class ConfigJson {
    /** One shared factory with explicit read limits; the library never changes Jackson's global defaults. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(32)
                    .build())
            .build();

    private static final int DEFAULT_WEIGHT = 10;

    private final JsonParser parser;
    private final Map<String, ConfigSection> sections;
    private final Map<String, ListenerSection> listenerSections;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private ConfigJson(JsonParser parser, Map<String, ConfigSection> sections,
            Map<String, ListenerSection> listenerSections) {
        this.parser = parser;
        this.sections = sections;
        this.listenerSections = listenerSections;
    }

    static LoadBalancerConfig parse(String json) {
        return parse(json, Map.of(), Map.of());
    }

    static LoadBalancerConfig parse(String json, Map<String, ConfigSection> sections,
            Map<String, ListenerSection> listenerSections) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return new ConfigJson(p, sections, listenerSections).document();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    static LoadBalancerConfig parse(InputStream json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return new ConfigJson(p, Map.of(), Map.of()).document();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    private static ConfigException malformed(IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            JsonLocation loc = jpe.getLocation();
            String where = loc == null ? "$" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            return new ConfigException(List.of(new ConfigProblem(ConfigProblem.FORMAT_ERROR, where,
                    "malformed JSON: " + JacksonMessages.scrub(jpe.getOriginalMessage()))));
        }
        throw new UncheckedIOException(e);
    }

    private LoadBalancerConfig document() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new ConfigException(List.of(new ConfigProblem(ConfigProblem.FORMAT_ERROR, "$",
                    "the configuration must be a JSON object")));
        }
        String[] lbId = {""};
        List<ListenerConfig> listeners = new ArrayList<>();
        root("$", lbId, listeners);
        if (parser.nextToken() != null) {
            problems.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, "$", "trailing content after the JSON object"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new LoadBalancerConfig(lbId[0], listeners);
    }

    /** Reads a root object (or the object inside a {@code Response} wrapper); the parser is at START_OBJECT. */
    private void root(String path, String[] lbId, List<ListenerConfig> listeners) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken t = parser.nextToken();
            String at = path + "." + name;
            switch (name) {
                case "LoadBalancerId" -> string(at).ifPresent(s -> lbId[0] = s);
                case "Response" -> {
                    if (t == JsonToken.START_OBJECT) {
                        root(at, lbId, listeners);
                    } else {
                        skip();
                    }
                }
                case "Listeners" -> {
                    if (array(at)) {
                        int i = 0;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            listener(at + "[" + i++ + "]", listeners.size()).ifPresent(listeners::add);
                        }
                    }
                }
                default -> {
                    ConfigSection section = path.equals("$") ? sections.get(name) : null;
                    if (section != null) {
                        section.read(parser, at, problems);
                    } else {
                        skip();
                    }
                }
            }
        }
    }

    /** Reads a listener, whose index in the configuration's listeners is {@code index} when all is well. */
    private Optional<ListenerConfig> listener(String path, int index) throws IOException {
        if (!object(path)) {
            return Optional.empty();
        }
        String id = null;
        Protocol protocol = null;
        boolean protocolSeen = false;
        Integer port = null;
        List<RuleConfig> rules = new ArrayList<>();
        boolean ok = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            String at = path + "." + name;
            switch (name) {
                case "ListenerId" -> id = string(at).orElse(null);
                case "Protocol" -> {
                    Optional<String> s = string(at);
                    if (s.isPresent()) {
                        protocolSeen = true;
                        protocol = Protocol.byName(s.get()).orElse(null);
                        if (protocol == null) {
                            ok = false;
                            problems.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, at, "unknown protocol '"
                                    + s.get() + "'; expected HTTP, HTTPS, TCP, UDP, TCP_SSL or QUIC"));
                        }
                    }
                }
                case "Port" -> port = integer(at).orElse(null);
                case "Rules" -> {
                    if (array(at)) {
                        int i = 0;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            rule(at + "[" + i++ + "]").ifPresent(rules::add);
                        }
                    }
                }
                default -> {
                    ListenerSection section = listenerSections.get(name);
                    if (section != null) {
                        section.read(parser, at, index, problems);
                    } else {
                        skip();
                    }
                }
            }
        }
        ok &= required(id, path + ".ListenerId");
        if (!protocolSeen) {
            ok &= required(null, path + ".Protocol");
        }
        ok &= required(port, path + ".Port");
        if (!ok || protocol == null) {
            return Optional.empty();
        }
        return Optional.of(new ListenerConfig(id, protocol, port, rules));
    }

    private Optional<RuleConfig> rule(String path) throws IOException {
        if (!object(path)) {
            return Optional.empty();
        }
        String locationId = null;
        String domain = null;
        List<String> domains = new ArrayList<>();
        String url = null;
        boolean defaultServer = false;
        List<FunctionTarget> targets = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            String at = path + "." + name;
            switch (name) {
                case "LocationId" -> locationId = string(at).orElse(null);
                case "Domain" -> domain = string(at).orElse(null);
                case "Domains" -> {
                    if (array(at)) {
                        int i = 0;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            string(at + "[" + i++ + "]").ifPresent(domains::add);
                        }
                    }
                }
                case "Url" -> url = string(at).orElse(null);
                case "DefaultServer" -> defaultServer = bool(at);
                case "FunctionTargets" -> {
                    if (array(at)) {
                        int i = 0;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            target(at + "[" + i++ + "]").ifPresent(targets::add);
                        }
                    }
                }
                default -> skip();
            }
        }
        if (domains.isEmpty() && domain != null) {
            domains.add(domain);
        }
        boolean ok = required(locationId, path + ".LocationId");
        if (domains.isEmpty()) {
            problems.add(new ConfigProblem(ConfigProblem.MISSING_PARAMETER, path + ".Domain",
                    "a layer-7 rule needs Domain or Domains"));
            ok = false;
        }
        ok &= required(url, path + ".Url");
        return ok ? Optional.of(new RuleConfig(locationId, domains, url, defaultServer, targets)) : Optional.empty();
    }

    private Optional<FunctionTarget> target(String path) throws IOException {
        if (!object(path)) {
            return Optional.empty();
        }
        FunctionRef function = null;
        boolean functionSeen = false;
        int weight = DEFAULT_WEIGHT;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            String at = path + "." + name;
            switch (name) {
                case "Function" -> {
                    functionSeen = parser.currentToken() != JsonToken.VALUE_NULL;
                    function = function(at).orElse(null);
                }
                case "Weight" -> weight = integer(at).orElse(DEFAULT_WEIGHT);
                default -> skip();
            }
        }
        if (function == null) {
            if (!functionSeen) {
                required(null, path + ".Function");
            }
            return Optional.empty();
        }
        return Optional.of(new FunctionTarget(function, weight));
    }

    private Optional<FunctionRef> function(String path) throws IOException {
        if (!object(path)) {
            return Optional.empty();
        }
        String namespace = "default";
        String name = null;
        String qualifier = "$LATEST";
        String qualifierType = "VERSION";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            String at = path + "." + field;
            switch (field) {
                case "FunctionNamespace" -> namespace = string(at).orElse(namespace);
                case "FunctionName" -> name = string(at).orElse(null);
                case "FunctionQualifier" -> qualifier = string(at).orElse(qualifier);
                case "FunctionQualifierType" -> qualifierType = string(at).orElse(qualifierType);
                default -> skip();
            }
        }
        if (!required(name, path + ".FunctionName")) {
            return Optional.empty();
        }
        return Optional.of(new FunctionRef(namespace, name, qualifier, qualifierType));
    }

    private boolean required(Object value, String at) {
        if (value == null) {
            problems.add(new ConfigProblem(ConfigProblem.MISSING_PARAMETER, at, "required field is missing"));
            return false;
        }
        return true;
    }

    /** The current value as a string; null is absent, other types are a problem (and skipped). */
    private Optional<String> string(String at) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return Optional.of(parser.getText());
        }
        if (t != JsonToken.VALUE_NULL) {
            wrongType(at, "a string");
        }
        return Optional.empty();
    }

    private Optional<Integer> integer(String at) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return Optional.of(parser.getIntValue());
        }
        if (t != JsonToken.VALUE_NULL) {
            wrongType(at, "an integer");
        }
        return Optional.empty();
    }

    private boolean bool(String at) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t != JsonToken.VALUE_FALSE && t != JsonToken.VALUE_NULL) {
            wrongType(at, "a boolean");
        }
        return false;
    }

    private boolean array(String at) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.START_ARRAY) {
            return true;
        }
        if (t != JsonToken.VALUE_NULL) {
            wrongType(at, "an array");
        }
        return false;
    }

    private boolean object(String at) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.START_OBJECT) {
            return true;
        }
        wrongType(at, "an object");
        return false;
    }

    private void wrongType(String at, String expected) throws IOException {
        JsonToken t = parser.currentToken();
        problems.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, at, "expected " + expected + ", found "
                + describe(t)));
        skip();
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private void skip() throws IOException {
        parser.skipChildren();
    }
}
