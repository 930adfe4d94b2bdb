package io.github.clbtrigger.functions;

import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A front end's configuration over time: where it comes from (a file, or text), and the one lock through which it
 * changes, whether text is applied ({@link #apply(String)}, an API) or the file is read again ({@link #reload()}, a
 * watch). Each change is read whole ({@link ClbConfig#parse}), checked by the front end's own rule, then applied to
 * its {@link Functions}; an invalid one changes nothing and says why, with every problem's CLB error code and JSON
 * path. Thread-safe: changes are applied one at a time.
 */
public final class LiveConfig {

    /** Configuration files larger than this are refused. */
    public static final int MAX_CONFIG_BYTES = 16 * 1024 * 1024;

    private final Functions functions;
    private final Function<ClbConfig, List<ConfigProblem>> check;
    private final System.Logger log;
    private final Path file;      // null: configured from text or a route table
    private final Path baseDir;   // what relative Bootstrap paths resolve against
    private final Object applying = new Object();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private LiveConfig(Functions functions, Function<ClbConfig, List<ConfigProblem>> check, System.Logger log,
            Path file, Path baseDir) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.check = Objects.requireNonNull(check, "check");
        this.log = Objects.requireNonNull(log, "log");
        this.file = file;
        this.baseDir = baseDir;
    }

    /**
     * Reads a configuration file and applies it (its relative {@code Bootstrap} paths resolve against its folder).
     *
     * @param functions what the configuration is applied to
     * @param file      the configuration file
     * @param check     the front end's own check of a configuration before it is applied (its listener mapping,
     *                  say): the problems found, empty when there are none
     * @param log       where swaps and refused reloads are logged
     * @return the configuration, applied
     * @throws IllegalArgumentException the file cannot be read, or is invalid (a {@link ConfigException})
     */
    public static LiveConfig load(Functions functions, Path file,
            Function<ClbConfig, List<ConfigProblem>> check, System.Logger log) {
        Path absolute = file.toAbsolutePath().normalize();
        LiveConfig live = new LiveConfig(functions, check, log, absolute, absolute.getParent());
        String text;
        try {
            text = read(absolute);
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + absolute + ": cannot read: " + e.getMessage(), e);
        }
        live.applyNow(ClbConfig.parse(text, live.baseDir));
        return live;
    }

    /**
     * Applies configuration text (relative {@code Bootstrap} paths resolve against the working directory): the whole
     * configuration, or, with {@code routes}, the {@code Functions} section that goes with that route table.
     *
     * @param functions what the configuration is applied to
     * @param routes    a compiled route table, or {@code null} when {@code json} is the whole configuration
     * @param json      the configuration text, or with {@code routes} its {@code Functions} text
     * @param check     as {@link #load}
     * @param log       as {@link #load}
     * @return the configuration, applied
     * @throws ConfigException the configuration is invalid
     */
    public static LiveConfig of(Functions functions, RouteTable routes, String json,
            Function<ClbConfig, List<ConfigProblem>> check, System.Logger log) {
        Path baseDir = Path.of("").toAbsolutePath();
        LiveConfig live = new LiveConfig(functions, check, log, null, baseDir);
        live.applyNow(routes != null ? ClbConfig.of(routes, json, baseDir) : ClbConfig.parse(json, baseDir));
        return live;
    }

    /**
     * Reads a configuration file (at most {@link #MAX_CONFIG_BYTES}) as UTF-8 text.
     *
     * @param file the file
     * @return its text
     * @throws IOException it cannot be read, or is larger
     */
    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
            if (bytes.length > MAX_CONFIG_BYTES) {
                throw new IOException(file + ": larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * The configuration file, when it comes from one.
     *
     * @return the file (absolute), or empty when configured from text
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * Applies configuration text now, or throws every problem (counted as refused; the configuration served is
     * kept).
     *
     * @param json the whole configuration
     * @throws ConfigException       the configuration is invalid
     * @throws IllegalStateException the functions are closed
     */
    public void apply(String json) {
        synchronized (applying) {
            Snapshot old = functions.current();
            Snapshot next;
            try {
                next = applyNow(ClbConfig.parse(json, baseDir));
            } catch (RuntimeException e) {
                refused.incrementAndGet();
                throw e;
            }
            applied.incrementAndGet();
            swapped(old, next, "applied");
        }
    }

    /**
     * Applies text a caller has already parsed and validated, read against the configuration served (only what
     * changed is compiled again), or throws every problem.
     *
     * @param json   the whole configuration
     * @param parsed its listeners and rules
     * @throws ConfigException       the configuration is invalid
     * @throws IllegalStateException the functions are closed
     */
    public void apply(String json, LoadBalancerConfig parsed) {
        apply(json, parsed, Optional.ofNullable(FunctionsParser.section(Objects.requireNonNull(json, "json"))));
    }

    /**
     * As {@link #apply(String, LoadBalancerConfig)}, with the text's top-level {@code Functions} member given as
     * well, so the text is not read at all: it is kept only to tell a later reload of the same text.
     *
     * @param json      the whole configuration
     * @param parsed    its listeners and rules
     * @param functions the value of its top-level {@code Functions} member as JSON text (the same value, formatted in
     *                  any way), or empty when it has none
     * @throws ConfigException       the configuration is invalid
     * @throws IllegalStateException the functions are closed
     */
    public void apply(String json, LoadBalancerConfig parsed, Optional<String> functions) {
        Objects.requireNonNull(functions, "functions");
        synchronized (applying) {
            Snapshot old = this.functions.current();
            swapped(old, applyNow(ClbConfig.parse(json, parsed, functions.orElse(null), old.config(), baseDir)),
                    "applied");
        }
    }

    /**
     * Reads the configuration file again: text that changed and is valid replaces the configuration served; text
     * that did not change is left alone; an unreadable or invalid file is logged and counted as refused.
     *
     * @return whether a new configuration is served
     * @throws IllegalStateException configured from text: there is no file
     */
    public boolean reload() {
        if (file == null) {
            throw new IllegalStateException("configured from text: no file to reload");
        }
        String json;
        try {
            json = read(file);
        } catch (IOException e) {
            log.log(Level.WARNING, "config {0}: cannot read, keeping the current configuration: {1}", file,
                    e.getMessage());
            refused.incrementAndGet();
            return false;
        }
        synchronized (applying) {
            Snapshot old = functions.current();
            if (old.builtFrom(json)) {
                return false;
            }
            Snapshot next;
            try {
                next = applyNow(ClbConfig.parse(json, baseDir));
            } catch (ConfigException e) {
                StringBuilder problems = new StringBuilder();
                e.problems().forEach(p -> problems.append("\n  ").append(p));
                log.log(Level.WARNING, "config {0}: invalid, keeping the current configuration:{1}", file, problems);
                refused.incrementAndGet();
                return false;
            } catch (RuntimeException e) {   // closed meanwhile
                log.log(Level.WARNING, "config {0}: invalid, keeping the current configuration: {1}", file,
                        e.getMessage());
                refused.incrementAndGet();
                return false;
            }
            applied.incrementAndGet();
            swapped(old, next, "reloaded");
            return true;
        }
    }

    /**
     * How many changes were applied since the first configuration (not counted): {@link #apply(String)} and reloads
     * whose text changed.
     *
     * @return the count
     */
    public long applied() {
        return applied.get();
    }

    /**
     * How many changes were refused (invalid, or unreadable): {@link #apply(String)} and reloads.
     *
     * @return the count
     */
    public long refused() {
        return refused.get();
    }

    private Snapshot applyNow(ClbConfig config) {
        List<ConfigProblem> problems = check.apply(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return functions.apply(config);
    }

    /**
     * Logs a swap. A swap cannot move a front end's connectors: a listener whose {@code Port} changed keeps being
     * served where it was, and the new port is not opened; the log says so.
     */
    private void swapped(Snapshot old, Snapshot next, String how) {
        for (ListenerConfig before : old.routes().config().listeners()) {
            next.routes().listener(before.listenerId()).filter(after -> after.port() != before.port())
                    .ifPresent(after -> log.log(Level.WARNING, "config: listener {0} now names Port {1} (was {2}); "
                            + "the connectors stay as they are until a restart", before.listenerId(),
                            Integer.toString(after.port()), Integer.toString(before.port())));
        }
        log.log(Level.INFO, "config {0}: {1} ({2} listeners, {3} functions)", file == null ? "(text)" : file, how,
                Integer.toString(next.routes().config().listeners().size()), Integer.toString(next.functionCount()));
    }
}
