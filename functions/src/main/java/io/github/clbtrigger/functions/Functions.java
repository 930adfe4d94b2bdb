package io.github.clbtrigger.functions;

import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.matcher.ConfigException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The functions of a CLB configuration, running: what a front end (the servlet filter, a test harness, another
 * server) calls once it has routed a request to a rule.
 *
 * <p>A {@code Functions} holds the long-lived parts (threads, the HTTP clients, the codec, the {@link TriggerMetrics})
 * and the current {@link Snapshot}: the route table and the functions its rules name, immutable. {@link #apply}
 * builds the next snapshot from configuration text and swaps it in whole with one volatile write; a request keeps the
 * snapshot it started with. A function whose {@code Functions} entry did not change keeps its runtime across the
 * swap (its class loader, its {@code Bootstrap} process); a replaced one is closed once the requests it still serves
 * have had their {@code Timeout}. {@link #apply} calls are serialized: one at a time, whoever calls.
 *
 * <p>A request: {@link Snapshot#target} picks the function of the matched rule, then {@link Target#invoke} encodes the
 * CLB trigger event, invokes the function within its {@code Timeout} and {@code MaxConcurrency}, decodes its
 * integration response and completes with the {@link Outcome}: the HTTP response to send, or a refusal with its
 * {@link TriggerMetrics.ErrorKind}. Nothing here speaks Servlet.
 *
 * <pre>{@code
 * Functions functions = Functions.builder().function("hello", (event, ctx) -> "{\"statusCode\":200}").build();
 * functions.apply(ClbConfig.parse(json, baseDir));
 * functions.start();
 * ...
 * functions.current().target(matched.rule()).ifPresent(t -> t.invoke(request, body, rawTarget, false, outcome -> ...));
 * ...
 * functions.close();
 * }</pre>
 */
public final class Functions implements AutoCloseable {

    static final System.Logger LOG = System.getLogger("io.github.clbtrigger.functions");

    private final Engine engine;
    private final Object applying = new Object();
    private volatile Snapshot current;
    private volatile boolean started;
    private volatile boolean closed;

    private Functions(Settings settings) {
        this.engine = new Engine(settings);
    }

    /**
     * A builder; {@link Builder#build()} starts the threads, {@link #apply} loads a configuration.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks what {@link #apply} checks of a configuration beyond {@link ClbConfig#parse}, for a front end with no
     * function registered in code, without loading a class or starting anything: every rule's function is defined,
     * and every entry without {@code Handler} or {@code Url} is an error ({@code clb validate}).
     *
     * @param config the configuration
     * @throws ConfigException every problem found, with its CLB error code and JSON path
     */
    public static void check(ClbConfig config) {
        Objects.requireNonNull(config, "config").resolve(Set.of());
    }

    /**
     * The snapshot requests are served with now.
     *
     * @return the current snapshot
     * @throws IllegalStateException before the first {@link #apply}
     */
    public Snapshot current() {
        Snapshot s = current;
        if (s == null) {
            throw new IllegalStateException("no configuration applied");
        }
        return s;
    }

    /**
     * Builds the functions of a configuration and makes them current: checked whole first (nothing changes when it
     * is invalid), then swapped in; functions whose entry did not change keep running. Once {@link #start()} has
     * run, new functions start here, and replaced ones are closed: a {@code Bootstrap} one at once (its port is
     * needed), the others after the longest {@code Timeout} of those replaced, so that their requests finish.
     *
     * @param config the configuration
     * @return the new current snapshot
     * @throws ConfigException       every problem found (what {@link #check} finds, with the functions registered in
     *                               code, and each {@code Handler} class that cannot be loaded); the current snapshot
     *                               is kept
     * @throws IllegalStateException after {@link #close()}
     */
    public Snapshot apply(ClbConfig config) {
        Objects.requireNonNull(config, "config");
        synchronized (applying) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            Snapshot old = current;
            Snapshot next = engine.snapshot(config, old);
            List<LimitedFunction> retired = new ArrayList<>();
            if (old != null) {
                old.functions().values().forEach(f -> {
                    if (!next.functions().containsValue(f)) {
                        retired.add(f);
                    }
                });
            }
            // Swap first: new requests go to the new functions, a new Bootstrap one's waiting for its process to be
            // ready (within its Timeout). Then a replaced Bootstrap function frees its port, and what is new starts.
            current = next;
            for (LimitedFunction f : retired) {
                if (f.spec() instanceof FunctionSpec.HttpBootstrap) {
                    f.close();
                }
            }
            if (started) {
                next.functions().values().forEach(LimitedFunction::start);
            }
            // The others finish their in-flight requests first: closed after the longest timeout.
            if (!retired.isEmpty()) {
                long grace = retired.stream().mapToLong(f -> f.spec().timeoutSeconds()).max().orElse(0) + 1;
                engine.timer.schedule(() -> retired.forEach(LimitedFunction::close), grace, TimeUnit.SECONDS);
            }
            return next;
        }
    }

    /** Starts what the current functions need before their first call ({@code Bootstrap} processes); idempotent. */
    public void start() {
        synchronized (applying) {
            started = true;
            Snapshot s = current;
            if (s != null) {
                s.functions().values().forEach(LimitedFunction::start);
            }
        }
    }

    /**
     * The counters per rule and per function; live. Front ends record their own answers here too.
     *
     * @return the metrics
     */
    public TriggerMetrics metrics() {
        return engine.metrics;
    }

    /**
     * Runs {@code action} on the timer thread once {@code delay} has passed (within 10 ms after), unless cancelled
     * first; when {@link #close()} starts, every pending action runs at once, on the closing thread, and
     * {@link #closing()} is {@code true}. For a front end's own per-request deadlines (a body timeout, say), so that
     * nothing is left waiting for an answer when the functions stop.
     *
     * @param delay  how long from now
     * @param unit   the unit of {@code delay}
     * @param action what to run; an exception it throws is ignored
     * @return the handle that cancels it
     */
    public Pending schedule(long delay, TimeUnit unit, Runnable action) {
        return engine.deadlines.schedule(delay, unit, Objects.requireNonNull(action, "action"));
    }

    /**
     * Whether {@link #close()} has started: an action run now answers for a front end that is stopping.
     *
     * @return {@code true} once closing
     */
    public boolean closing() {
        return engine.deadlines.stopping();
    }

    /**
     * Stops: every pending {@link #schedule scheduled} action and every invocation still waiting is answered at
     * once (a waiting invocation with a {@link TriggerMetrics.ErrorKind#FUNCTION_ERROR} refusal), then the functions
     * stop (processes with their descendants), then the threads. A second call does nothing.
     */
    @Override
    public void close() {
        synchronized (applying) {
            if (closed) {
                return;
            }
            closed = true;
        }
        engine.deadlines.runAllNow();
        Snapshot s = current;
        if (s != null) {
            s.functions().values().forEach(LimitedFunction::close);
        }
        engine.shutdown();
    }

    /** A scheduled action that has not run yet. */
    public interface Pending {
        /** Drops the action; it will not run (unless it already started). */
        void cancel();
    }

    /**
     * Builds {@link Functions}. Every setting has a default; {@link #build()} starts the threads.
     */
    public static final class Builder {
        private int maxRequestBodyBytes = 6 * 1024 * 1024;
        private int maxResponseBytes = 6 * 1024 * 1024;
        private Duration startupTimeout = Duration.ofSeconds(30);
        private Set<CustomHeader> customHeaders = Set.of();
        private final Map<String, ClbFunction> functions = new LinkedHashMap<>();
        private ClassLoader classLoader;
        private List<Path> handlerClasspath = List.of();
        private Consumer<InvocationRecord> observer;

        private Builder() {
        }

        /**
         * The request-body limit the event encoder holds to, default 6 MiB (SCF's synchronous invocation limit);
         * over it is {@link TriggerMetrics.ErrorKind#BODY_TOO_LARGE}.
         *
         * @param bytes the limit in bytes, positive
         * @return this builder
         */
        public Builder maxRequestBodyBytes(int bytes) {
            this.maxRequestBodyBytes = positive("maxRequestBodyBytes", bytes);
            return this;
        }

        /**
         * The limit on a function's value or HTTP response body, default 6 MiB; over it is
         * {@link TriggerMetrics.ErrorKind#RESPONSE_TOO_LARGE}.
         *
         * @param bytes the limit in bytes, positive
         * @return this builder
         */
        public Builder maxResponseBytes(int bytes) {
            this.maxResponseBytes = positive("maxResponseBytes", bytes);
            return this;
        }

        /**
         * How long a {@code Bootstrap} may take to accept connections before it is restarted, default 30 s.
         *
         * @param timeout the time, positive
         * @return this builder
         */
        public Builder startupTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * The optional CLB headers the event carries (CLB's per-listener custom configuration). Default none.
         *
         * @param headers the headers
         * @return this builder
         */
        public Builder customHeaders(Set<CustomHeader> headers) {
            this.customHeaders = Set.copyOf(headers);
            return this;
        }

        /**
         * Registers an in-process function under a {@code FunctionName} (namespace {@code default}). A
         * {@code Functions} entry of that name without {@code Handler} or {@code Url} sets its limits; otherwise the
         * SCF defaults apply (Timeout 3 s, MemorySize 128 MB, MaxConcurrency 128).
         *
         * @param name     the FunctionName
         * @param function the function
         * @return this builder
         */
        public Builder function(String name, ClbFunction function) {
            functions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(function, "function"));
            return this;
        }

        /**
         * Where {@code Handler} classes are loaded from; default the thread's context class loader (or, without one,
         * this library's).
         *
         * @param loader the class loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Isolates every {@code Handler} function in a {@code URLClassLoader} of its own over these entries, child of
         * {@link #classLoader(ClassLoader)}; closed when its function is stopped or replaced. Default none.
         *
         * @param entries directories of classes or jar files, in search order; empty turns isolation off
         * @return this builder
         * @throws IllegalArgumentException an entry is neither a directory nor a regular file
         */
        public Builder handlerClasspath(List<Path> entries) {
            List<Path> copy = new ArrayList<>();
            for (Path p : Objects.requireNonNull(entries, "entries")) {
                Path abs = Objects.requireNonNull(p, "entry").toAbsolutePath().normalize();
                if (!Files.isDirectory(abs) && !Files.isRegularFile(abs)) {
                    throw new IllegalArgumentException("handlerClasspath: no such directory or file: " + abs);
                }
                copy.add(abs);
            }
            this.handlerClasspath = List.copyOf(copy);
            return this;
        }

        /**
         * Called with the {@link InvocationRecord} of every invocation, on the thread that decided its outcome,
         * after the outcome's consumer. It must be quick and must not throw (what it throws is logged and dropped).
         * Default none: then nothing is recorded beyond what the outcome carries.
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder observer(Consumer<InvocationRecord> observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Starts the threads and the HTTP clients; no function yet ({@link Functions#apply}).
         *
         * @return the functions, empty
         */
        public Functions build() {
            ClassLoader loader = classLoader != null ? classLoader
                    : Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : Functions.class.getClassLoader();
            return new Functions(new Settings(maxRequestBodyBytes, maxResponseBytes, startupTimeout, customHeaders,
                    functions, loader, handlerClasspath, "local", "local", observer));
        }

        private static int positive(String what, int n) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be positive, was " + n);
            }
            return n;
        }
    }

    static void logObserverFailure(RuntimeException e) {
        LOG.log(Level.WARNING, "the invocation observer failed", e);
    }
}
