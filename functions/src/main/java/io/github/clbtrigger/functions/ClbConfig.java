package io.github.clbtrigger.functions;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clbtrigger.common.JacksonMessages;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.FunctionTarget;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.ListenerSection;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import io.github.clbtrigger.matcher.RuleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A whole configuration file, read once: its listeners and rules (compiled into the matcher's {@link RouteTable}) and
 * its {@code Functions} section, in one pass with one bounded parser. Every problem is reported at once, each with
 * its CLB error code and JSON path, in a {@link ConfigException}:
 * {@code InvalidParameter.FormatError: $.Functions[1].Timeout: expected an integer from 1 to 900, got "abc"}.
 *
 * <p>What depends on the functions registered in code (that every rule's function is defined, that an entry without
 * {@code Handler} or {@code Url} names a registered one) is checked when it is applied ({@link Functions#apply}) or
 * by {@link Functions#check} for a front end without registered functions. Immutable.
 */
public final class ClbConfig {

    private final RouteTable routes;
    private final List<FunctionsParser.Entry> functions;
    /** The text this was read from (the whole configuration, or the Functions text of {@link #of}), or null. */
    private final String text;
    /** The text of the top-level {@code Functions} member when known, and what its Bootstrap paths resolve against. */
    private final String functionsText;
    private final Path baseDir;

    private ClbConfig(RouteTable routes, List<FunctionsParser.Entry> functions, String text, String functionsText,
                      Path baseDir) {
        this.routes = routes;
        this.functions = List.copyOf(functions);
        this.text = text;
        this.functionsText = functionsText;
        this.baseDir = baseDir;
    }

    /**
     * Reads configuration text: listeners, rules and {@code Functions}.
     *
     * @param json    the configuration text
     * @param baseDir what relative {@code Bootstrap} paths resolve against (the file's folder)
     * @return the configuration
     * @throws ConfigException every problem found, with its CLB error code and JSON path
     */
    public static ClbConfig parse(String json, Path baseDir) {
        return parse(json, baseDir, Map.of());
    }

    /**
     * As {@link #parse(String, Path)}, also handing members of each listener that neither the matcher nor this
     * module models to a front end's readers in the same pass ({@code clb serve}'s {@code Keystore}), their problems
     * reported with the others.
     *
     * @param json             the configuration text
     * @param baseDir          what relative {@code Bootstrap} paths resolve against (the file's folder)
     * @param listenerSections readers by listener member name
     * @return the configuration
     * @throws ConfigException every problem found, the readers' included, with its CLB error code and JSON path
     */
    public static ClbConfig parse(String json, Path baseDir, Map<String, ListenerSection> listenerSections) {
        Objects.requireNonNull(json, "json");
        FunctionsParser functions = new FunctionsParser(Objects.requireNonNull(baseDir, "baseDir"));
        LoadBalancerConfig config = LoadBalancerConfig.parse(json, Map.of("Functions", functions), listenerSections);
        List<ConfigProblem> problems = new ArrayList<>();
        RouteTable routes = null;
        try {
            routes = RouteTable.compile(config);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        local(functions.entries(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ClbConfig(routes, functions.entries(), json, null, baseDir);
    }

    /**
     * Reads configuration text that the caller has already parsed and validated (a control plane that edited it), in
     * time proportional to what changed since {@code previous}: the listeners are compiled against
     * {@code previous}'s route table ({@link RouteTable#compile(LoadBalancerConfig, RouteTable)}: an unchanged
     * listener keeps its compiled routes), and the top-level {@code Functions} member is found with a scan that does
     * not build the listeners, and read again only when its text differs from {@code previous}'s. The result, and
     * every problem, are those of {@link #parse(String, Path)} on {@code json}.
     *
     * @param json     the whole configuration text
     * @param parsed   {@code json}'s listeners and rules: {@link LoadBalancerConfig#parse(String)} of it
     * @param previous the configuration being replaced, or null (then the listeners are compiled whole)
     * @param baseDir  what relative {@code Bootstrap} paths resolve against (the file's folder)
     * @return the configuration
     * @throws ConfigException every problem found, with its CLB error code and JSON path
     */
    public static ClbConfig parse(String json, LoadBalancerConfig parsed, ClbConfig previous, Path baseDir) {
        Objects.requireNonNull(json, "json");
        return parse(json, parsed, FunctionsParser.section(json), previous, baseDir);
    }

    /**
     * As {@link #parse(String, LoadBalancerConfig, ClbConfig, Path)}, with {@code json}'s top-level {@code Functions}
     * member given, so the text is not scanned for it.
     *
     * @param section the member's value as JSON text (the same value as in {@code json}, formatted in any way), or
     *                null when {@code json} has none
     */
    static ClbConfig parse(String json, LoadBalancerConfig parsed, String section, ClbConfig previous,
                           Path baseDir) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(parsed, "parsed");
        Objects.requireNonNull(baseDir, "baseDir");
        List<ConfigProblem> problems = new ArrayList<>();
        List<FunctionsParser.Entry> entries;
        if (previous != null && previous.functionsText != null && previous.functionsText.equals(section)
                && baseDir.equals(previous.baseDir)) {
            entries = previous.functions;
        } else {
            FunctionsParser functions = new FunctionsParser(baseDir);
            if (section != null) {
                // its shape problems are thrown at once, before the rules are checked, as parse(json, baseDir) does
                LoadBalancerConfig.parse("{\"Functions\":" + section + "}", Map.of("Functions", functions));
            }
            entries = functions.entries();
        }
        RouteTable routes = null;
        try {
            routes = previous == null ? RouteTable.compile(parsed) : RouteTable.compile(parsed, previous.routes);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        local(entries, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ClbConfig(routes, entries, json, section == null ? "" : section, baseDir);
    }

    /**
     * A compiled route table with the {@code Functions} section given apart: the bare array, or an object holding it
     * (whose other members are not read), or {@code null} for none.
     *
     * @param routes    the route table
     * @param functions the {@code Functions} text, or {@code null}
     * @param baseDir   what relative {@code Bootstrap} paths resolve against
     * @return the configuration
     * @throws ConfigException every problem of the {@code Functions} section
     */
    public static ClbConfig of(RouteTable routes, String functions, Path baseDir) {
        Objects.requireNonNull(routes, "routes");
        FunctionsParser parser = new FunctionsParser(Objects.requireNonNull(baseDir, "baseDir"));
        List<ConfigProblem> problems = new ArrayList<>();
        if (functions != null) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(functions);
            } catch (JacksonException e) {
                throw new ConfigException(List.of(new ConfigProblem(ConfigProblem.FORMAT_ERROR, "$",
                        "malformed JSON: " + JacksonMessages.scrub(e.getOriginalMessage()))));
            }
            boolean wrapped = root != null && root.isObject();
            parser.read(wrapped ? root.get("Functions") : root, wrapped ? "$.Functions" : "$", problems);
        }
        local(parser.entries(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ClbConfig(routes, parser.entries(), functions, null, baseDir);
    }

    /**
     * The compiled route table: listeners and rules.
     *
     * @return the route table
     */
    public RouteTable routes() {
        return routes;
    }

    List<FunctionsParser.Entry> functions() {
        return functions;
    }

    /** Whether this was read from exactly {@code json} (a reload of unchanged text is skipped). */
    boolean builtFrom(String json) {
        return text != null && text.equals(json);
    }

    /** What is checked without the registered functions: each {@code Bootstrap} an existing file on a port of its own. */
    private static void local(List<FunctionsParser.Entry> entries, List<ConfigProblem> problems) {
        Map<Integer, String> ports = new HashMap<>();
        for (FunctionsParser.Entry e : entries) {
            if (e.spec() instanceof FunctionSpec.HttpBootstrap b) {
                String other = ports.putIfAbsent(b.port(), e.path());
                if (other != null) {
                    problems.add(new ConfigProblem(ConfigProblem.DUPLICATE, e.path() + ".Port", "port " + b.port()
                            + " is also the port of " + other));
                }
                if (!Files.isRegularFile(b.bootstrap())) {
                    problems.add(new ConfigProblem(ConfigProblem.RESOURCE_NOT_FOUND, e.path() + ".Bootstrap",
                            "no such file " + b.bootstrap()));
                }
            }
        }
    }

    /**
     * The functions by key, with those registered in code: an entry without {@code Handler} or {@code Url} must name a
     * registered function, a registered one's entry sets its limits only, and every rule's function is defined.
     *
     * @param registered the names of the functions registered in code
     * @throws ConfigException every problem found
     */
    Map<FunctionKey, FunctionsParser.Entry> resolve(Set<String> registered) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<FunctionKey, FunctionsParser.Entry> byKey = new LinkedHashMap<>();
        for (FunctionsParser.Entry e : functions) {
            FunctionSpec spec = e.spec();
            boolean isRegistered = registered.contains(spec.name());
            if (spec instanceof FunctionSpec.Registered && !isRegistered) {
                problems.add(new ConfigProblem(ConfigProblem.MISSING_PARAMETER, e.path() + ".Handler",
                        "required for an Event function (or Url, or a ClbFunction registered as \"" + spec.name()
                                + "\")"));
            } else if (!(spec instanceof FunctionSpec.Registered) && isRegistered) {
                // its entry sets the limits only: a Handler, Url or Bootstrap of its own would leave one unused
                String field = spec instanceof FunctionSpec.ScfHandler ? "Handler"
                        : spec instanceof FunctionSpec.HttpBootstrap ? "Bootstrap" : "Url";
                problems.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, e.path() + "." + field,
                        "a ClbFunction is also registered under this name; give one of them"));
            }
            byKey.put(spec.key(), e);
        }
        for (String name : registered) {
            if (functions.stream().noneMatch(e -> e.spec().name().equals(name))) {
                FunctionKey key = FunctionKey.of(null, name, null);
                byKey.put(key, new FunctionsParser.Entry("(registered)",
                        new FunctionSpec.Registered(key, FunctionSpec.Limits.DEFAULTS, Map.of())));
            }
        }
        targets(routes.config(), byKey.keySet(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return byKey;
    }

    /** Every function a rule names must be defined: CLB cannot bind a function that does not exist. */
    private static void targets(LoadBalancerConfig config, Set<FunctionKey> defined, List<ConfigProblem> problems) {
        List<ListenerConfig> listeners = config.listeners();
        for (int li = 0; li < listeners.size(); li++) {
            ListenerConfig listener = listeners.get(li);
            for (int ri = 0; ri < listener.rules().size(); ri++) {
                RuleConfig rule = listener.rules().get(ri);
                for (int ti = 0; ti < rule.targets().size(); ti++) {
                    FunctionTarget target = rule.targets().get(ti);
                    FunctionKey key = FunctionKey.of(target.function().namespace(), target.function().name(),
                            target.function().qualifier());
                    if (!defined.contains(key)) {
                        problems.add(new ConfigProblem(ConfigProblem.RESOURCE_NOT_FOUND, "$.Listeners[" + li
                                + "].Rules[" + ri + "].FunctionTargets[" + ti + "].Function [" + listener.listenerId()
                                + "/" + rule.locationId() + "]", "function " + key + " is not defined (add it to "
                                + "Functions or register a ClbFunction named \"" + key.name() + "\")"));
                    }
                }
            }
        }
    }
}
