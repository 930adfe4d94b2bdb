package io.github.clbtrigger.cli;

import io.github.clbtrigger.cli.ClbServer.StartException;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ListenerConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link ClbServer.Builder}'s options become a running server: the configuration read once and checked, the
 * port of each listener decided, the frontend started, then the management port. Every refusal is a
 * {@link StartException} that says whether the input is at fault.
 */
final class Startup {
    private Startup() {}

    static ClbServer start(ClbServer.Builder b) throws StartException {
        Path temporary = null;
        Path file = b.configFile;
        if (file == null) {
            if (b.configText == null) {
                throw new StartException("no configuration: give configFile(..) or config(..)", true, List.of(),
                        null);
            }
            try {
                Path dir = Files.createTempDirectory("clb-server");
                temporary = Files.writeString(dir.resolve("clb.json"), b.configText, StandardCharsets.UTF_8);
                file = temporary;
            } catch (IOException e) {
                throw new StartException("could not write the configuration to a temporary file: "
                        + Messages.describe(e), false, List.of(), e);
            }
        }
        try {
            ClbServer server = start(b, file, temporary);
            temporary = null;
            return server;
        } finally {
            if (temporary != null) {
                deleteQuietly(temporary);
            }
        }
    }

    private static ClbServer start(ClbServer.Builder b, Path file, Path temporary) throws StartException {
        Configs.Loaded loaded;
        try {
            loaded = Configs.read(file);
        } catch (Configs.LoadException e) {
            throw new StartException(e.getMessage(), true, e.problems(), e);
        }
        Map<String, Keystores.Keystore> keystores;
        try {
            keystores = loaded.checkLocal();
        } catch (ConfigException e) {
            throw new StartException("invalid config " + file, true, e.problems(), e);
        }
        List<ListenerConfig> listeners = loaded.table().config().listeners().stream()
                .filter(l -> l.protocol().isLayer7()).toList();
        if (listeners.isEmpty()) {
            throw new StartException(file + " has no HTTP or HTTPS listener to serve", true, List.of(), null);
        }
        Map<String, Integer> bind = ports(b, file, listeners);
        for (Path entry : b.classpath) {
            if (!Files.exists(entry)) {
                throw new StartException("classpath entry not found: " + entry, true, List.of(), null);
            }
        }
        boolean managed = b.management != null && b.management.enabled();
        if (managed) {
            try {
                b.management.checkBind();
            } catch (IllegalStateException e) {
                throw new StartException(Messages.oneLine(e.getMessage()), true, List.of(), e);
            }
        }
        Frontend frontend;
        try {
            // With the API, the file watch runs under the control plane's lock (Management), not in the filter.
            frontend = Frontend.start(new Frontend.Options(file, loaded.table(), listeners, Map.copyOf(bind),
                    b.host, List.copyOf(b.classpath), b.watch && !managed, b.debug, b.answerNotFound,
                    b.customHeaders, b.startupTimeout, keystores, b.observer), b.out);
        } catch (Frontend.StartException e) {
            throw new StartException(e.getMessage(), false, List.of(), e);
        }
        Management running = null;
        if (managed) {
            try {
                running = Management.start(file, frontend, b.management, b.managementHandlers, b.watch, b.out);
            } catch (StartException e) {
                frontend.stop();
                throw e;
            }
        }
        b.out.println("Ctrl-C stops."); // last: scripts wait for it, with the api line printed before
        b.out.flush();
        return new ClbServer(frontend, b.host, temporary, running);
    }

    /** The port each listener binds, where it is not its configured {@code Port}: {@code port(..)} of the builder. */
    private static Map<String, Integer> ports(ClbServer.Builder b, Path file, List<ListenerConfig> listeners)
            throws StartException {
        Map<String, Integer> bind = new LinkedHashMap<>();
        if (b.allPorts != null) {
            if (b.allPorts != 0 && listeners.size() != 1) {
                throw new StartException("one port (" + b.allPorts + ") for every listener needs a config with "
                        + "exactly one HTTP/HTTPS listener; this one has " + listeners.size() + " (0 gives each a "
                        + "free port)", true, List.of(), null);
            }
            listeners.forEach(l -> bind.put(l.listenerId(), b.allPorts));
        }
        for (Map.Entry<String, Integer> e : b.ports.entrySet()) {
            if (listeners.stream().noneMatch(l -> l.listenerId().equals(e.getKey()))) {
                throw new StartException("a port for " + Messages.oneLine(e.getKey()) + ", which is not an "
                        + "HTTP or HTTPS listener of " + file, true, List.of(), null);
            }
            bind.put(e.getKey(), e.getValue());
        }
        return bind;
    }

    /** Deletes a temporary configuration file and its folder; what cannot be deleted is left for the OS. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            // a temporary file: left for the OS to clean up
        }
    }
}
