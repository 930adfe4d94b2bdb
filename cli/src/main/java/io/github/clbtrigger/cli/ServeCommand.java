package io.github.clbtrigger.cli;

import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clb serve}: the whole frontend on embedded Jetty. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        header = "Serve a CLB config on embedded Jetty: rules, functions and all.",
        description = {
            "Starts embedded Jetty 12 with the CLB trigger filter: one connector per HTTP/HTTPS listener of the "
                    + "config, the functions of its Functions section (Java handlers from --classpath, remote event "
                    + "functions, HTTP functions launched from their bootstrap). Without --config it serves the "
                    + "bundled sample (samples/clb.json). Ctrl-C stops the server and every process it started.",
            "Exit codes: 130 stopped by Ctrl-C (143 by kill), 1 could not start (port in use, a handler that "
                    + "cannot be loaded), 2 usage or config error (the Functions section included)."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The CLB config (JSON). Default: the bundled sample, samples/clb.json.")
    Path config;

    @Option(names = "--port", paramLabel = "N",
            description = "Listen on this port instead of the listener's Port (a config with one HTTP/HTTPS "
                    + "listener only). 0 picks a free port.")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The address to listen on. Default: ${DEFAULT-VALUE} (this machine only); 0.0.0.0 for all.")
    String host;

    @Option(names = "--classpath", paramLabel = "PATHS", split = ",|:",
            description = "Jars and class folders of the Java handlers, separated by ':' or ','. Each function gets "
                    + "its own class loader. Default for the bundled sample: samples/target/classes.")
    List<Path> classpath = new ArrayList<>();

    @Option(names = "--watch", description = "Reload the config when the file changes (an invalid one is rejected "
            + "with its CLB error codes and the running one kept).")
    boolean watch;

    @Option(names = "--debug", description = "Send the reason of every error response in the "
            + ClbTriggerFilter.DEBUG_HEADER + " header.")
    boolean debug;

    @Option(names = "--startup-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long an HTTP function's bootstrap may take to accept connections before it is "
                    + "restarted (with back-off). Default: ${DEFAULT-VALUE}.")
    int startupTimeout;

    @Option(names = "--custom-headers", split = ",", paramLabel = "NAME",
            description = "Optional CLB headers the event carries, as CLB custom configuration enables them: "
                    + "X-Vip, X-Vport, X-Uri, X-Method, X-Real-Port. Default: none, as in CLB.")
    List<String> customHeaders = List.of();

    @Option(names = "--pass-through", description = "Answer requests no rule matches with a plain 404 from the "
            + "container instead of CLB's JSON 404 (what a webapp behind the filter would see).")
    boolean passThrough;

    /** The running frontend once {@link #start()} succeeded. */
    Frontend frontend;

    @Override
    public Integer call() throws Exception {
        int code = start();
        if (frontend == null) {
            return code;
        }
        Frontend running = frontend;
        // The requests in flight at Ctrl-C finish during the stop: their access log lines must still be written.
        ClbLogManager.hold();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.stop();
            } finally {
                ClbLogManager.release();
            }
        }, "clb-serve-shutdown"));
        running.join();
        return 0;
    }

    /** Checks the options and starts the frontend; the exit code when it did not start. */
    int start() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path configFile = config != null ? config : bundledConfig();
        if (configFile == null) {
            err.println("clb serve: no --config given and the bundled sample samples/clb.json was not found "
                    + "(run ./clb from the repository, or pass --config FILE)");
            err.flush();
            return 2;
        }
        Configs.Loaded loaded;
        try {
            loaded = Configs.read(configFile);
        } catch (Configs.LoadException e) {
            err.println("clb serve: " + e.getMessage());
            for (ConfigProblem problem : e.problems()) {
                err.println("  " + problem);
            }
            err.flush();
            return 2;
        }
        RouteTable table = loaded.table();
        Map<String, Keystores.Keystore> keystores;
        try {
            keystores = loaded.checkLocal();
        } catch (ConfigException e) {
            err.println("clb serve: invalid config " + configFile);
            for (ConfigProblem problem : e.problems()) {
                err.println("  " + problem);
            }
            err.flush();
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("clb serve: invalid config " + configFile + ": " + Messages.oneLine(e.getMessage()));
            err.flush();
            return 2;
        }
        List<ListenerConfig> listeners = table.config().listeners().stream()
                .filter(l -> l.protocol().isLayer7()).toList();
        if (listeners.isEmpty()) {
            err.println("clb serve: " + configFile + " has no HTTP or HTTPS listener to serve");
            err.flush();
            return 2;
        }
        if (port != null && (listeners.size() != 1 || port < 0 || port > 65535)) {
            err.println(port < 0 || port > 65535 ? "clb serve: --port must be 0 to 65535"
                    : "clb serve: --port needs a config with exactly one HTTP/HTTPS listener; this one has "
                            + listeners.size() + " (their ports come from the config)");
            err.flush();
            return 2;
        }
        if (startupTimeout < 1 || startupTimeout > 3600) {
            err.println("clb serve: --startup-timeout must be 1 to 3600 seconds");
            err.flush();
            return 2;
        }
        java.util.Set<CustomHeader> enabled = java.util.EnumSet.noneOf(CustomHeader.class);
        for (String name : customHeaders) {
            var header = CustomHeader.byName(name.strip());
            if (header.isEmpty()) {
                err.println("clb serve: unknown custom header '" + Messages.oneLine(name)
                        + "' (expected X-Vip, X-Vport, X-Uri, X-Method or X-Real-Port)");
                err.flush();
                return 2;
            }
            enabled.add(header.get());
        }
        List<Path> handlers = new ArrayList<>(classpath);
        if (config == null && handlers.isEmpty()) {
            handlers.add(configFile.getParent().resolve("target/classes"));
        }
        for (Path entry : handlers) {
            if (!Files.exists(entry)) {
                err.println("clb serve: --classpath entry not found: " + entry);
                err.flush();
                return 2;
            }
        }
        try {
            frontend = Frontend.start(new Frontend.Options(configFile, table, listeners, port, host, handlers,
                    watch, debug, !passThrough, enabled, java.time.Duration.ofSeconds(startupTimeout), keystores),
                    out);
        } catch (Frontend.StartException e) {
            err.println("clb serve: " + Messages.oneLine(e.getMessage()));
            err.flush();
            return 1;
        }
        return 0;
    }

    /** The bundled sample config: under the launcher's {@code clb.home}, else under the working directory. */
    static Path bundledConfig() {
        String home = System.getProperty("clb.home");
        for (Path candidate : home != null
                ? List.of(Path.of(home, "samples", "clb.json"))
                : List.of(Path.of("samples", "clb.json"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return null;
    }
}
