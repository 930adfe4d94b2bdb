package io.github.clbtrigger.cli;

import io.github.clbtrigger.api.ApiOptions;
import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            "The management port (default 127.0.0.1:4577) serves the TencentCloud API 3.0 (clb 2018-03-17): "
                    + "changes made through it are written to the config file and served at once; --no-api turns "
                    + "it off.",
            "Exit codes: 130 stopped by Ctrl-C (143 by kill), 1 could not start (a port in use, the management "
                    + "port's included, a handler that cannot be loaded), 2 usage or config error (the Functions "
                    + "section included)."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The CLB config (JSON). Default: the bundled sample, samples/clb.json.")
    Path config;

    @Option(names = "--port", paramLabel = "N",
            description = "Listen on this port instead of the listener's Port (a config with one HTTP/HTTPS "
                    + "listener only). 0 gives every listener a free port (see --ports-file).")
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

    @Option(names = "--ports-file", paramLabel = "FILE",
            description = "Once every listener listens, write their ports to FILE as JSON, "
                    + "{\"lbl-http\": 43121, ...} (written whole: a temporary file renamed), for scripts and "
                    + "test frameworks; with --port 0, the free ports picked. Written again when a listener is "
                    + "created or deleted through the API.")
    Path portsFile;

    // The management port (the TencentCloud API 3.0 endpoint): kept as text, checked by ApiOptions.parse.
    @Option(names = "--api-port", paramLabel = "N",
            description = "The management port (TencentCloud API 3.0, clb 2018-03-17). Default: 4577; 0 picks a "
                    + "free port (read it from the 'api: http://...' start-up line).")
    String apiPort;

    @Option(names = "--api-bind", paramLabel = "ADDR",
            description = "The management port's address. Default: 127.0.0.1. Any other than loopback needs "
                    + "TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, so that calls must be signed.")
    String apiBind;

    @Option(names = "--no-api", description = "No management port.")
    boolean noApi;

    @Option(names = "--api-task-delay", paramLabel = "D",
            description = "How long a change's task reports Status 2 (running) before it is applied: 500ms, 2s, or "
                    + "milliseconds. Default: 0.")
    String apiTaskDelay;

    @Option(names = "--api-max-body", paramLabel = "BYTES",
            description = "The largest API request body. Default: 1048576.")
    String apiMaxBody;

    @Option(names = "--api-rate-limit", paramLabel = "N",
            description = "Calls of one action per second per SecretId (RequestLimitExceeded above). Default: 20.")
    String apiRateLimit;

    @Option(names = "--api-max-group", paramLabel = "N",
            description = "The most changing API calls committed by one write of the file (1-1024; 1 writes each "
                    + "alone). Default: 64.")
    String apiMaxGroup;

    // ---- the local console (docs/console.md), under /_clb/ on the management port ----
    @Option(names = "--no-inspector", description = "Keep no exchanges: the inspector page and /_clb/api/exchanges "
            + "answer 404. Health, readiness and metrics stay.")
    boolean noInspector;

    @Option(names = "--inspector-size", paramLabel = "N", defaultValue = "200",
            description = "How many exchanges the inspector keeps, in memory only. Default: ${DEFAULT-VALUE}.")
    int inspectorSize;

    @Option(names = "--inspector-body-limit", paramLabel = "BYTES", defaultValue = "65536",
            description = "Bytes the inspector keeps of each body (request, event, raw answer, response); more is "
                    + "cut and says so. Default: ${DEFAULT-VALUE}.")
    int inspectorBodyLimit;

    @Option(names = "--access-log", paramLabel = "FORMAT",
            description = "Also write an access log line per request in FORMAT to standard output: clb-json, CLB's "
                    + "own access-log fields as one JSON object per line.")
    String accessLogFormat;

    /** The console once {@link #start()} made it. */
    ConsoleSetup console;

    /** The console's options from its flags and the API's credentials; {@code null} with the message printed. */
    private ConsoleSetup.Options consoleOptions(PrintWriter err) {
        if (accessLogFormat != null && !accessLogFormat.equals("clb-json")) {
            err.println("clb serve: --access-log must be clb-json, was '" + Messages.oneLine(accessLogFormat) + "'");
            err.flush();
            return null;
        }
        String id = System.getenv("TENCENTCLOUD_SECRET_ID");
        String key = System.getenv("TENCENTCLOUD_SECRET_KEY");
        boolean credentials = id != null && !id.isEmpty() && key != null && !key.isEmpty();
        try {
            return new ConsoleSetup.Options(!noInspector, inspectorSize, inspectorBodyLimit, accessLogFormat != null,
                    credentials ? id : null, credentials ? key : null);
        } catch (IllegalArgumentException e) {
            err.println("clb serve: " + Messages.oneLine(e.getMessage()));
            err.flush();
            return null;
        }
    }

    /** The running server and its frontend once {@link #start()} succeeded. */
    ClbServer server;
    Frontend frontend;

    @Override
    public Integer call() throws Exception {
        int code = start();
        if (frontend == null) {
            return code;
        }
        Frontend running = frontend;
        ClbServer whole = server;
        // The requests in flight at Ctrl-C finish during the stop: their access log lines must still be written.
        ClbLogManager.hold();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                whole.close();
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
        if (port != null && (port < 0 || port > 65535)) {
            err.println("clb serve: --port must be 0 to 65535");
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
        ApiOptions api;
        try {
            api = apiOptions(System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("clb serve: " + Messages.oneLine(e.getMessage()));
            err.flush();
            return 2;
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
        ClbServer.Builder builder = ClbServer.builder().configFile(configFile).classpath(handlers).host(host)
                .watch(watch).debug(debug).answerNotFound(!passThrough).customHeaders(enabled)
                .startupTimeout(java.time.Duration.ofSeconds(startupTimeout)).management(api).output(out);
        if (port != null) {
            builder.port(port);
        }
        ConsoleSetup.Options consoleOptions = consoleOptions(err);
        if (consoleOptions == null) {
            return 2;
        }
        console = new ConsoleSetup(consoleOptions, out);
        builder.managementHandler(console.handler());
        try {
            server = builder.start();
        } catch (ClbServer.StartException e) {
            err.println("clb serve: " + Messages.oneLine(e.getMessage()));
            for (ConfigProblem problem : e.problems()) {
                err.println("  " + problem);
            }
            err.flush();
            return e.configError() ? 2 : 1;
        }
        frontend = server.frontend();
        console.attach(server);
        if (portsFile != null) {
            try {
                PortsFile.write(portsFile, server.ports());
            } catch (IOException e) {
                err.println("clb serve: could not write --ports-file " + portsFile + ": " + Messages.describe(e));
                err.flush();
                server.close();
                server = null;
                frontend = null;
                return 1;
            }
            ClbServer running = server;
            frontend.onListenersChanged(() -> {
                try {
                    PortsFile.write(portsFile, running.ports());
                } catch (IOException e) {
                    System.getLogger("io.github.clbtrigger.cli").log(System.Logger.Level.WARNING,
                            "could not write --ports-file " + portsFile + ": " + Messages.describe(e));
                }
            });
        }
        return 0;
    }

    /** The {@code --api-*} flags over the environment's credentials, checked by {@link ApiOptions#parse}. */
    ApiOptions apiOptions(java.util.Map<String, String> env) {
        List<String> flags = new ArrayList<>();
        if (noApi) {
            flags.add("--no-api");
        }
        addFlag(flags, "--api-port", apiPort);
        addFlag(flags, "--api-bind", apiBind);
        addFlag(flags, "--api-task-delay", apiTaskDelay);
        addFlag(flags, "--api-max-body", apiMaxBody);
        addFlag(flags, "--api-rate-limit", apiRateLimit);
        addFlag(flags, "--api-max-group", apiMaxGroup);
        return ApiOptions.fromEnvironment(env).parse(flags);
    }

    private static void addFlag(List<String> flags, String name, String value) {
        if (value != null) {
            flags.add(name);
            flags.add(value);
        }
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
