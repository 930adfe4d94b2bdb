package io.github.clbtrigger.servlet;

import io.github.clbtrigger.functions.ClbConfig;
import io.github.clbtrigger.functions.Snapshot;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A configured filter between {@code init} and {@code destroy}: what it serves with ({@link Front}), where its
 * configuration comes from, and the one lock that applies configuration, whether text given to
 * {@link ClbTriggerFilter#apply} or the watched file reloaded.
 */
final class Served {

    private static final System.Logger LOG = ClbTriggerFilter.LOG;

    private final Front front;
    private final Path configFile;   // null: configured from text or a route table
    private final Path baseDir;      // what relative Bootstrap paths resolve against
    private final Object applying = new Object();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private Served(Front front, Path configFile, Path baseDir) {
        this.front = front;
        this.configFile = configFile;
        this.baseDir = baseDir;
    }

    /**
     * Reads the first configuration and applies it: the file, or the text, or the route table with its
     * {@code Functions} text.
     *
     * @throws IllegalArgumentException the configuration is invalid (a {@link ConfigException}) or unreadable
     * @throws IllegalStateException    no configuration is given
     */
    static Served load(Front front, Path file, RouteTable routes, String json) {
        if (file != null) {
            Path absolute = file.toAbsolutePath().normalize();
            Served served = new Served(front, absolute, absolute.getParent());
            String text;
            try {
                text = ConfigWatcher.read(absolute);
            } catch (IOException e) {
                throw new IllegalArgumentException("config " + absolute + ": cannot read: " + e.getMessage(), e);
            }
            served.applyNow(null, text);
            return served;
        }
        if (routes == null && json == null) {
            throw new IllegalStateException("no configuration: call configFile(..), config(..) or routeTable(..)");
        }
        Served served = new Served(front, null, Path.of("").toAbsolutePath());
        served.applyNow(routes, json);
        return served;
    }

    Front front() {
        return front;
    }

    /** {@return the configuration file, or {@code null} when configured from text} */
    Path configFile() {
        return configFile;
    }

    /** {@link ClbTriggerFilter#apply}: the text now, or every problem. */
    void apply(String json) {
        synchronized (applying) {
            Snapshot old = front.functions().current();
            Snapshot next;
            try {
                next = applyNow(null, json);
            } catch (RuntimeException e) {
                refused.incrementAndGet();
                throw e;
            }
            applied.incrementAndGet();
            swapped(old, next, "applied");
        }
    }

    /** {@return the changes applied and refused so far} */
    ConfigChanges changes() {
        return new ConfigChanges(applied.get(), refused.get());
    }

    /**
     * {@link ClbTriggerFilter#apply(String, LoadBalancerConfig)}: text already parsed, read against the current
     * configuration (only what changed is compiled again), or every problem.
     */
    void apply(String json, LoadBalancerConfig parsed) {
        synchronized (applying) {
            Snapshot old = front.functions().current();
            swapped(old, applyNow(ClbConfig.parse(json, parsed, old.config(), baseDir)), "applied");
        }
    }

    /** Loads the configuration file again; a valid one replaces the snapshot, an invalid one is logged and ignored. */
    boolean reload() {
        String json;
        try {
            json = ConfigWatcher.read(configFile);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "config {0}: cannot read, keeping the current configuration: {1}", configFile,
                    e.getMessage());
            refused.incrementAndGet();
            return false;
        }
        synchronized (applying) {
            Snapshot old = front.functions().current();
            if (old.builtFrom(json)) {
                return false;
            }
            Snapshot next;
            try {
                next = applyNow(null, json);
            } catch (ConfigException e) {
                StringBuilder problems = new StringBuilder();
                e.problems().forEach(p -> problems.append("\n  ").append(p));
                LOG.log(Level.WARNING, "config {0}: invalid, keeping the current configuration:{1}", configFile,
                        problems);
                refused.incrementAndGet();
                return false;
            } catch (RuntimeException e) {   // closed meanwhile
                LOG.log(Level.WARNING, "config {0}: invalid, keeping the current configuration: {1}", configFile,
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
     * Reads the configuration (the whole text, or a route table with its {@code Functions} text), checks the
     * listener mapping against it, and applies it.
     */
    private Snapshot applyNow(RouteTable routes, String json) {
        return applyNow(routes != null ? ClbConfig.of(routes, json, baseDir) : ClbConfig.parse(json, baseDir));
    }

    private Snapshot applyNow(ClbConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> mapping : front.listeners().entrySet()) {
            if (config.routes().listener(mapping.getValue()).filter(l -> l.protocol().isLayer7()).isEmpty()) {
                problems.add(new ConfigProblem(ConfigProblem.LISTENER_NOT_FOUND, "$.Listeners",
                        "listener mapping " + mapping.getKey() + " -> " + mapping.getValue()
                                + ": no HTTP or HTTPS listener with that ListenerId"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return front.functions().apply(config);
    }

    /**
     * Logs a swap. A swap cannot move a container's connectors: a listener whose {@code Port} changed keeps being
     * served where it was (when its connector is mapped to it), and the new port is not opened; the log says so.
     */
    private void swapped(Snapshot old, Snapshot next, String how) {
        for (ListenerConfig before : old.routes().config().listeners()) {
            next.routes().listener(before.listenerId()).filter(after -> after.port() != before.port())
                    .ifPresent(after -> LOG.log(Level.WARNING, "config: listener {0} now names Port {1} (was {2}); "
                            + "the connectors stay as they are until a restart", before.listenerId(),
                            Integer.toString(after.port()), Integer.toString(before.port())));
        }
        LOG.log(Level.INFO, "config {0}: {1} ({2} listeners, {3} functions)", configFile == null ? "(text)"
                : configFile, how, Integer.toString(next.routes().config().listeners().size()),
                Integer.toString(next.functionCount()));
    }
}
