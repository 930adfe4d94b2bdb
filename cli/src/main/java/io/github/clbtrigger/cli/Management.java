package io.github.clbtrigger.cli;

import io.github.clbtrigger.api.ApiOptions;
import io.github.clbtrigger.api.ConfigTarget;
import io.github.clbtrigger.api.ControlPlane;
import io.github.clbtrigger.api.ManagementServer;
import io.github.clbtrigger.api.RejectedConfig;
import io.github.clbtrigger.common.FileWatch;
import io.github.clbtrigger.functions.LiveConfig;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.LoadBalancerConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.jetty.server.Handler;

/**
 * The management port of {@code clb serve}: the API's control plane over the configuration file, applying each change
 * to the running {@link Frontend} ({@link Live}), and, with {@code --watch}, the file watch, run under the control
 * plane's lock so that a hand edit and an API change are applied one after the other, never over each other.
 */
final class Management implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.github.clbtrigger.cli");
    /** How often {@code --watch} looks at the file, as the filter's own watch. */
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final ControlPlane plane;
    private final ManagementServer server;
    private final FileWatch watch;   // null without --watch

    private Management(ControlPlane plane, ManagementServer server, FileWatch watch) {
        this.plane = plane;
        this.server = server;
        this.watch = watch;
    }

    static Management start(Path file, Frontend frontend, ApiOptions options, List<Handler> handlers, boolean watch,
            PrintWriter out) throws ClbServer.StartException {
        Live live = new Live(frontend, file);
        ControlPlane plane;
        try {
            plane = ControlPlane.open(file, live, options);
        } catch (IOException | ConfigException e) {
            throw new ClbServer.StartException("api: cannot open " + file + ": " + Messages.describe(e), true,
                    List.of(), e);
        }
        ManagementServer server;
        try {
            server = ManagementServer.start(plane, List.copyOf(handlers));
        } catch (IOException e) {
            plane.close();
            throw new ClbServer.StartException("api: cannot listen on " + options.bind() + ":" + options.port() + " ("
                    + Messages.describe(e) + "): pass --api-port N (0 for a free port) or --no-api", false,
                    List.of(), e);
        }
        FileWatch watcher = watch
                ? FileWatch.start(file, WATCH_INTERVAL, () -> plane.serialized(live::reloadIfChanged)) : null;
        server.warning().ifPresent(out::println);
        out.println(server.startupLine());
        out.flush();
        return new Management(plane, server, watcher);
    }

    URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        server.close();
        plane.close();
    }

    /**
     * The data plane as the API sees it: each configuration text the control plane wrote is applied to the frontend
     * (listeners and filter); the watch applies the file's text when it changed on disk. Both run under the control
     * plane's lock, so the text last applied is always the file's.
     */
    static final class Live implements ConfigTarget {
        private final Frontend frontend;
        private final Path file;
        private String applied;

        Live(Frontend frontend, Path file) {
            this.frontend = Objects.requireNonNull(frontend, "frontend");
            this.file = file;
            try {
                this.applied = LiveConfig.read(file); // what the frontend started with
            } catch (IOException e) {
                this.applied = null;
            }
        }

        @Override
        public void apply(String configJson) throws RejectedConfig {
            try {
                apply(configJson, LoadBalancerConfig.parse(configJson));
            } catch (ConfigException e) {
                throw rejected(e);
            }
        }

        @Override
        public void apply(String configJson, LoadBalancerConfig parsed) throws RejectedConfig {
            try {
                frontend.apply(configJson, parsed);
            } catch (ConfigException e) {
                throw rejected(e);
            } catch (Frontend.BindException e) {
                throw new RejectedConfig(e.getMessage(), e);
            }
            applied = configJson;
        }

        @Override
        public void apply(String configJson, LoadBalancerConfig parsed, Optional<String> functions)
                throws RejectedConfig {
            try {
                frontend.apply(configJson, parsed, functions);
            } catch (ConfigException e) {
                throw rejected(e);
            } catch (Frontend.BindException e) {
                throw new RejectedConfig(e.getMessage(), e);
            }
            applied = configJson;
        }

        /**
         * The watch, when the file's stamp changed (the control plane's own writes change it too): applies the
         * file's text if it differs from the text served. The stamp is taken before the read, so an edit after it
         * is seen at the next look.
         */
        void reloadIfChanged() {
            String text;
            try {
                text = LiveConfig.read(file);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "config " + file + ": cannot read, keeping the current configuration: "
                        + Messages.describe(e));
                return;
            }
            if (text.equals(applied)) {
                return;
            }
            try {
                apply(text);
                LOG.log(Level.INFO, "config " + file + ": reloaded");
            } catch (RejectedConfig e) {
                // the filter's own watch says the same, so that logs read alike with and without the API
                LOG.log(Level.WARNING, "config " + file + ": invalid, keeping the current configuration: "
                        + e.getMessage());
            }
        }

        private static RejectedConfig rejected(ConfigException e) {
            String problems = e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
            return new RejectedConfig(problems.isEmpty() ? Messages.oneLine(String.valueOf(e.getMessage()))
                    : problems, e);
        }
    }
}
