package io.github.clbtrigger.functions;

import io.github.clbtrigger.matcher.FunctionRef;
import io.github.clbtrigger.matcher.RouteTable;
import io.github.clbtrigger.matcher.RuleConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one request is served with: the compiled route table and the functions its rules name. Built whole by
 * {@link Functions#apply}, never changed, replaced whole; a request keeps the snapshot it started with to its end.
 */
public final class Snapshot {

    private final Engine engine;
    private final RouteTable routes;
    private final Map<FunctionKey, LimitedFunction> functions;
    private final ClbConfig source;

    Snapshot(Engine engine, RouteTable routes, Map<FunctionKey, LimitedFunction> functions, ClbConfig source) {
        this.engine = engine;
        this.routes = routes;
        this.functions = Map.copyOf(functions);
        this.source = source;
    }

    /**
     * The route table of this configuration.
     *
     * @return the route table
     */
    public RouteTable routes() {
        return routes;
    }

    /**
     * How many functions this configuration defines (registered ones included).
     *
     * @return the number of functions
     */
    public int functionCount() {
        return functions.size();
    }

    /**
     * Whether this snapshot was built from exactly this configuration text (a reload of unchanged text is skipped).
     *
     * @param json configuration text
     * @return {@code true} when it is the text this snapshot came from
     */
    public boolean builtFrom(String json) {
        return source.builtFrom(json);
    }

    /**
     * The function a request matched to {@code rule} goes to: its one target, or one of its weighted targets drawn
     * at random by weight, as CLB does.
     *
     * @param rule a rule of this snapshot's route table
     * @return the target, or empty when the rule has no function bound
     */
    public Optional<Target> target(RuleConfig rule) {
        if (rule.targets().isEmpty()) {
            return Optional.empty();
        }
        FunctionRef ref = rule.targets().size() == 1 ? rule.targets().get(0).function()
                : rule.pickTarget(ThreadLocalRandom.current()).function();
        LimitedFunction fn = functions.get(FunctionKey.of(ref.namespace(), ref.name(), ref.qualifier()));
        // every target is defined: Engine.specs refuses a configuration naming an undefined one
        return fn == null ? Optional.empty() : Optional.of(new Target(engine, fn));
    }

    /**
     * A function of this configuration by its name, whatever rule names it: for a tool or a test that invokes one
     * function directly ({@link Target#invokeEvent}).
     *
     * @param namespace the {@code Namespace}, e.g. {@code default}
     * @param name      the {@code FunctionName}
     * @param qualifier the {@code Qualifier}, e.g. {@code $LATEST}
     * @return the function, or empty when this configuration defines no such function
     */
    public Optional<Target> function(String namespace, String name, String qualifier) {
        LimitedFunction fn = functions.get(FunctionKey.of(namespace, name, qualifier));
        return fn == null ? Optional.empty() : Optional.of(new Target(engine, fn));
    }

    /**
     * Every function of this configuration in its state now (ready, in flight, bootstrap launches), sorted by
     * display name. Computed when called, from live counters: cheap enough for a readiness probe.
     *
     * @return the functions' states
     */
    public List<FunctionStatus> status() {
        List<FunctionStatus> all = new ArrayList<>(functions.size());
        functions.forEach((key, fn) -> all.add(fn.status(key)));
        all.sort(Comparator.comparing(FunctionStatus::displayName));
        return all;
    }

    Map<FunctionKey, LimitedFunction> functions() {
        return functions;
    }

    /**
     * The configuration this snapshot was built from: what {@link ClbConfig#parse(String,
     * io.github.clbtrigger.matcher.LoadBalancerConfig, ClbConfig, java.nio.file.Path)} builds the next one against.
     *
     * @return the configuration
     */
    public ClbConfig config() {
        return source;
    }
}
