package io.github.clbtrigger.functions;

import io.github.clbtrigger.common.Sanitize;
import io.github.clbtrigger.codec.EventEncoder;
import io.github.clbtrigger.codec.ResponseDecoder;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * Builds the snapshot of a configuration: its functions with those registered in code, every problem checked
     * first; the runtime of a function whose entry did not change is taken over from {@code previous}.
     *
     * @param config   the configuration
     * @param previous the snapshot being replaced, or {@code null}
     * @throws ConfigException every problem found (a {@code Handler} class that cannot be loaded included); nothing
     *                         is left running
     */
    Snapshot snapshot(ClbConfig config, Snapshot previous) {
        Map<FunctionKey, FunctionsParser.Entry> byKey = config.resolve(settings.functions().keySet());
        Map<FunctionKey, LimitedFunction> reusable = previous == null ? Map.of() : previous.functions();
        Map<FunctionKey, LimitedFunction> functions = new LinkedHashMap<>();
        List<LimitedFunction> created = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (FunctionsParser.Entry entry : byKey.values()) {
            FunctionSpec spec = entry.spec();
            LimitedFunction old = reusable.get(spec.key());
            if (old != null && old.spec().equals(spec)) {
                functions.put(spec.key(), old);
                continue;
            }
            try {
                LimitedFunction fresh = new LimitedFunction(spec, runtime(spec), deadlines);
                created.add(fresh);
                functions.put(spec.key(), fresh);
            } catch (HandlerException e) {
                problems.add(new ConfigProblem(ConfigProblem.RESOURCE_NOT_FOUND, entry.path() + ".Handler",
                        e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            created.forEach(LimitedFunction::close);   // the isolated class loaders of the entries that loaded
            throw new ConfigException(problems);
        }
        return new Snapshot(this, config.routes(), functions, config);
    }

    /** A {@code Handler} that cannot be loaded: its message says what of it is wrong. */
    private static final class HandlerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandlerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private FunctionRuntime runtime(FunctionSpec spec) {
        if (spec instanceof FunctionSpec.Registered) {
            return new InProcessRuntime(settings.functions().get(spec.name()), settings.classLoader(), null,
                    functionThreads, settings.maxResponseBytes());
        }
        if (spec instanceof FunctionSpec.ScfHandler handler) {
            URLClassLoader isolated = settings.handlerClasspath().isEmpty() ? null : isolatedLoader(spec);
            ClassLoader loader = isolated != null ? isolated : settings.classLoader();
            try {
                ClbFunction fn = JavaHandler.load(handler.handler(), loader);
                return new InProcessRuntime(fn, loader, isolated, functionThreads, settings.maxResponseBytes());
            } catch (IllegalArgumentException e) {
                closeQuietly(isolated);
                throw new HandlerException(e.getMessage().replaceFirst("^Handler: ", ""), e);
            } catch (RuntimeException | LinkageError e) {
                closeQuietly(isolated);
                throw new HandlerException(handler.handler() + ": cannot be loaded: " + Sanitize.describe(e), e);
            }
        }
        if (spec instanceof FunctionSpec.RemoteEvent remote) {
            return new RemoteEventRuntime(remote, http, settings.maxResponseBytes());
        }
        if (spec instanceof FunctionSpec.HttpBootstrap bootstrap) {
            return new HttpFunctionRuntime(bootstrap, functionHttp, settings.maxResponseBytes(),
                    new BootstrapProcess(bootstrap, settings.startupTimeout(), timer), settings.projectId(),
                    settings.region());
        }
        return new HttpFunctionRuntime((FunctionSpec.HttpUrl) spec, functionHttp, settings.maxResponseBytes(),
                settings.projectId(), settings.region());
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

    /** Stops the threads; runtimes are closed by {@link Functions#close()}. */
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
