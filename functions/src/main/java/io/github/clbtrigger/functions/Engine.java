package io.github.clbtrigger.functions;

import io.github.clbtrigger.codec.EventEncoder;
import io.github.clbtrigger.codec.ResponseDecoder;
import io.github.clbtrigger.matcher.FunctionTarget;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import io.github.clbtrigger.matcher.RuleConfig;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-lived parts of a {@link Functions}: its settings, codec instances, threads, HTTP clients and metrics; and
 * the factory that turns configuration into {@link Snapshot}s, reusing the runtimes of functions whose entry did not
 * change.
 */
final class Engine {

    final Settings settings;
    final EventEncoder encoder;
    final ResponseDecoder decoder;
    final TriggerMetrics metrics = new TriggerMetrics();
    final ScheduledThreadPoolExecutor timer;
    final Deadlines deadlines;
    final ExecutorService functionThreads;
    final PooledHttp http;
    final FunctionHttpClient functionHttp;

    Engine(Settings settings) {
        this.settings = settings;
        this.encoder = EventEncoder.builder()
                .maxBodyBytes(settings.maxRequestBodyBytes())
                .customHeaders(settings.customHeaders())
                .build();
        this.decoder = ResponseDecoder.builder().maxBodyBytes(settings.maxResponseBytes()).build();
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("clb-trigger-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.deadlines = new Deadlines(timer);
        this.functionThreads = Executors.newCachedThreadPool(daemon("clb-function-"));
        this.http = new PooledHttp(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build(), functionThreads);
        this.functionHttp = new FunctionHttpClient(functionThreads);
    }

    /**
     * Builds a snapshot from configuration text.
     *
     * @param table     the compiled route table
     * @param json      the configuration text (its {@code Functions}), may be {@code null} for none
     * @param baseDir   what relative {@code Bootstrap} paths are resolved against
     * @param previous  the snapshot being replaced, whose unchanged runtimes are reused, or {@code null}
     * @throws IllegalArgumentException the configuration is invalid
     */
    Snapshot snapshot(RouteTable table, String json, Path baseDir, Snapshot previous) {
        Map<FunctionKey, FunctionSpec> byKey = specs(table, json, baseDir, settings.functions().keySet());
        Map<FunctionKey, LimitedFunction> reusable = new HashMap<>();
        if (previous != null) {
            previous.functions().forEach((k, f) -> reusable.put(k, f));
        }
        Map<FunctionKey, LimitedFunction> functions = new LinkedHashMap<>();
        List<LimitedFunction> created = new ArrayList<>();
        try {
            for (FunctionSpec spec : byKey.values()) {
                LimitedFunction old = reusable.get(spec.key());
                if (old != null && old.spec().equals(spec)) {
                    functions.put(spec.key(), old);
                } else {
                    LimitedFunction fresh = new LimitedFunction(spec, runtime(spec), deadlines);
                    created.add(fresh);
                    functions.put(spec.key(), fresh);
                }
            }
        } catch (RuntimeException e) {
            created.forEach(LimitedFunction::close);   // isolated class loaders of the entries before the bad one
            throw e;
        }
        return new Snapshot(this, table, functions, json == null ? "" : hash(json));
    }

    /**
     * The functions of a configuration by key, checked without loading a class or starting anything: the
     * {@code Functions} section parsed, each {@code Bootstrap} an existing file on a port of its own, no
     * {@code Handler} for a name also {@code registered} as an in-process function, every rule's target defined.
     *
     * @param json       the configuration text, or {@code null} for none
     * @param registered the names of the in-process functions registered with the builder
     * @throws IllegalArgumentException for the first problem found
     */
    static Map<FunctionKey, FunctionSpec> specs(RouteTable table, String json, Path baseDir, Set<String> registered) {
        List<FunctionSpec> specs = json == null ? List.of() : FunctionsParser.parse(json, baseDir, registered);
        Map<FunctionKey, FunctionSpec> byKey = new LinkedHashMap<>();
        Set<Integer> ports = new HashSet<>();
        for (FunctionSpec spec : specs) {
            if (registered.contains(spec.name())
                    && (spec.kind() != FunctionSpec.Kind.IN_PROCESS || spec.handler() != null)) {
                // the entry of a registered ClbFunction sets its limits only: a Handler, Url or Bootstrap of its own
                // would leave one of the two silently unused
                String field = spec.handler() != null ? "Handler" : spec.url() != null ? "Url" : "Bootstrap";
                throw new IllegalArgumentException("Functions \"" + spec.name() + "\": " + field
                        + ": a ClbFunction is also registered under this name; give one of them");
            }
            if (spec.kind() == FunctionSpec.Kind.HTTP_BOOTSTRAP) {
                if (!ports.add(spec.port())) {
                    throw new IllegalArgumentException("Functions \"" + spec.name() + "\": Port: " + spec.port()
                            + " is used by another Bootstrap function");
                }
                if (!Files.isRegularFile(spec.bootstrap())) {
                    throw new IllegalArgumentException("Functions \"" + spec.name() + "\": Bootstrap: no such file "
                            + spec.bootstrap());
                }
            }
            byKey.put(spec.key(), spec);
        }
        for (String name : registered) {
            FunctionKey key = FunctionKey.of(null, name, null);
            boolean declared = specs.stream().anyMatch(s -> s.name().equals(name));
            if (!declared) {
                byKey.put(key, new FunctionSpec(name, FunctionSpec.DEFAULT_NAMESPACE, FunctionSpec.DEFAULT_QUALIFIER,
                        FunctionSpec.Kind.IN_PROCESS, null, null, null, FunctionSpec.DEFAULT_PORT,
                        FunctionSpec.DEFAULT_TIMEOUT_SECONDS, FunctionSpec.DEFAULT_MEMORY_MB,
                        FunctionSpec.DEFAULT_MAX_CONCURRENCY, Map.of()));
            }
        }
        checkTargets(table.config(), byKey.keySet());
        return byKey;
    }

    private FunctionRuntime runtime(FunctionSpec spec) {
        String where = "Functions \"" + spec.name() + "\": ";
        switch (spec.kind()) {
            case IN_PROCESS: {
                if (spec.handler() == null) {
                    return new InProcessRuntime(settings.functions().get(spec.name()), settings.classLoader(), null,
                            functionThreads, settings.maxResponseBytes());
                }
                URLClassLoader isolated = settings.handlerClasspath().isEmpty() ? null : isolatedLoader(spec);
                ClassLoader loader = isolated != null ? isolated : settings.classLoader();
                try {
                    ClbFunction fn = JavaHandler.load(spec.handler(), loader);
                    return new InProcessRuntime(fn, loader, isolated, functionThreads, settings.maxResponseBytes());
                } catch (IllegalArgumentException e) {
                    closeQuietly(isolated);
                    throw new IllegalArgumentException(where + e.getMessage(), e);
                } catch (RuntimeException | LinkageError e) {
                    closeQuietly(isolated);
                    throw new IllegalArgumentException(where + "Handler: " + spec.handler() + ": cannot be loaded: "
                            + LimitedFunction.describe(e), e);
                }
            }
            case REMOTE_EVENT:
                return new RemoteEventRuntime(spec, http, settings.maxResponseBytes());
            case HTTP_BOOTSTRAP:
                return new HttpFunctionRuntime(spec, functionHttp, settings.maxResponseBytes(),
                        new BootstrapProcess(spec, settings.startupTimeout(), timer), settings.projectId(),
                        settings.region());
            case HTTP_URL:
                return new HttpFunctionRuntime(spec, functionHttp, settings.maxResponseBytes(), null, settings.projectId(),
                        settings.region());
            default:
                throw new AssertionError(spec.kind());
        }
    }

    /** A class loader of the function's own over the handler class path, child of the configured loader. */
    private URLClassLoader isolatedLoader(FunctionSpec spec) {
        URL[] urls = new URL[settings.handlerClasspath().size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = settings.handlerClasspath().get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("handlerClasspath: " + settings.handlerClasspath().get(i), e);
            }
        }
        return new URLClassLoader("clb-function-" + spec.name(), urls, settings.classLoader());
    }

    static void closeQuietly(URLClassLoader loader) {
        if (loader == null) {
            return;
        }
        try {
            loader.close();
        } catch (IOException e) {
            Functions.LOG.log(System.Logger.Level.WARNING, "closing a function class loader failed: {0}",
                    e.getMessage());
        }
    }

    /** Every function a rule names must be defined: CLB cannot bind a function that does not exist. */
    private static void checkTargets(LoadBalancerConfig config, Set<FunctionKey> defined) {
        for (ListenerConfig listener : config.listeners()) {
            for (RuleConfig rule : listener.rules()) {
                for (FunctionTarget target : rule.targets()) {
                    FunctionKey key = FunctionKey.of(target.function().namespace(), target.function().name(),
                            target.function().qualifier());
                    if (!defined.contains(key)) {
                        throw new IllegalArgumentException("Listener " + listener.listenerId() + ", rule "
                                + rule.locationId() + ": target function " + key
                                + " is not defined (add it to Functions or register a ClbFunction named \""
                                + key.name() + "\")");
                    }
                }
            }
        }
    }

    /** Stops the threads; runtimes are closed by the filter. */
    void shutdown() {
        functionHttp.closeIdle(null);
        timer.shutdownNow();
        functionThreads.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String hash(String text) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
