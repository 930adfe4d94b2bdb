package io.github.clbtrigger.functions;

import io.github.clbtrigger.common.Sanitize;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Supervises a FunctionGraph HTTP function's {@code bootstrap}: launches it (working directory its folder, the
 * process environment plus the function's {@code Environment.Variables}, {@code RUNTIME_CODE_ROOT}, and {@code PORT}
 * set to the configured port unless {@code Environment.Variables} sets it), waits until
 * {@code 127.0.0.1:Port} accepts connections (up to the startup timeout, else the process tree is killed and
 * relaunched), relaunches it with exponential back-off (100 ms doubling to 10 s; reset after 30 s of good health)
 * whenever it exits, and on {@link #stop()} ends it and all its descendants. Its output is logged line by line
 * (each line cut to 2,000 characters) through {@code System.Logger} {@code io.github.clbtrigger.functions.process}.
 */
final class BootstrapProcess {

    private static final System.Logger LOG = System.getLogger("io.github.clbtrigger.functions.process");
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 10_000;
    private static final long HEALTHY_MS = 30_000;

    private final FunctionSpec.HttpBootstrap spec;
    private final Duration startupTimeout;
    private final ScheduledExecutorService timer;

    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    private Process process;            // guarded by this
    private boolean started;            // guarded by this
    private volatile boolean stopped;
    private int failures;               // guarded by this
    private long launchedAt;            // guarded by this
    private volatile int launches;
    /** Completes when the current process exits; a new one per launch. */
    private volatile CompletableFuture<Void> exit = new CompletableFuture<>();

    BootstrapProcess(FunctionSpec.HttpBootstrap spec, Duration startupTimeout, ScheduledExecutorService timer) {
        this.spec = spec;
        this.startupTimeout = startupTimeout;
        this.timer = timer;
    }

    /** Completes when the current process accepts connections; fails when it could not be launched at all. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** Completes when the process serving now exits (or the function is stopped). */
    CompletableFuture<Void> exitOfCurrent() {
        return exit;
    }

    /** How many times the bootstrap was launched (for tests and diagnostics). */
    int launches() {
        return launches;
    }

    synchronized void start() {
        if (started || stopped) {
            return;
        }
        started = true;
        timer.execute(this::launch);
    }

    private synchronized void launch() {
        if (stopped) {
            return;
        }
        if (ready.isDone()) {
            ready = new CompletableFuture<>();
        }
        if (accepts()) {
            // Another process holds the port (a bootstrap left over from an earlier run, say): its answers would be
            // taken for this function's, and this bootstrap would fail to listen. Refuse until the port is free.
            LOG.log(Level.WARNING, "function {0}: 127.0.0.1:{1} is in use by another process before the bootstrap is "
                    + "launched; stop that process or give the function another Port (retrying)",
                    spec.displayName(), Integer.toString(spec.port()));
            ready.completeExceptionally(new IOException("127.0.0.1:" + spec.port()
                    + " is in use by another process, not this function's bootstrap"));
            scheduleRelaunch();
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(spec.bootstrap().toString())
                .directory(spec.bootstrap().getParent().toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(spec.environment());
        if (!spec.environment().containsKey("PORT")) {
            pb.environment().put("PORT", Integer.toString(spec.port()));   // the port it must listen on
        }
        pb.environment().put("RUNTIME_CODE_ROOT", spec.bootstrap().getParent().toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "function {0}: cannot launch {1}: {2}", spec.displayName(), spec.bootstrap(),
                    e.getMessage());
            ready.completeExceptionally(new IOException("bootstrap " + spec.bootstrap().getFileName()
                    + " cannot be launched: " + e.getMessage(), e));
            scheduleRelaunch();
            return;
        }
        launches++;
        process = p;
        CompletableFuture<Void> exitOfThis = new CompletableFuture<>();
        exit = exitOfThis;
        p.onExit().thenRun(() -> exitOfThis.complete(null));
        launchedAt = System.nanoTime();
        LOG.log(Level.INFO, "function {0}: launched {1} (pid {2}), waiting for 127.0.0.1:{3}",
                spec.displayName(), spec.bootstrap(), Long.toString(p.pid()), Integer.toString(spec.port()));
        pump(p);
        p.onExit().thenRun(() -> exited(p));
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        timer.schedule(() -> probe(p, deadline), 20, TimeUnit.MILLISECONDS);
    }

    private void probe(Process p, long deadline) {
        if (stopped || !p.isAlive()) {
            return;
        }
        if (accepts()) {
            LOG.log(Level.INFO, "function {0}: ready on 127.0.0.1:{1}", spec.displayName(),
                    Integer.toString(spec.port()));
            ready.complete(null);
            return;
        }
        if (System.nanoTime() - deadline > 0) {
            LOG.log(Level.WARNING, "function {0}: 127.0.0.1:{1} not accepting connections {2} ms after launch; restarting",
                    spec.displayName(), Integer.toString(spec.port()), Long.toString(startupTimeout.toMillis()));
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();   // exited() relaunches
            timer.schedule(() -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }, 3, TimeUnit.SECONDS);
            return;
        }
        timer.schedule(() -> probe(p, deadline), 50, TimeUnit.MILLISECONDS);
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", spec.port()), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void exited(Process p) {
        if (stopped || p != process) {
            return;
        }
        LOG.log(Level.WARNING, "function {0}: bootstrap exited with code {1}", spec.displayName(),
                Integer.toString(p.exitValue()));
        if (ready.isDone()) {
            ready = new CompletableFuture<>();
        }
        if (System.nanoTime() - launchedAt > TimeUnit.MILLISECONDS.toNanos(HEALTHY_MS)) {
            failures = 0;
        }
        scheduleRelaunch();
    }

    private synchronized void scheduleRelaunch() {
        if (stopped) {
            return;
        }
        long backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(failures, 10));
        failures++;
        timer.schedule(this::launch, backoff, TimeUnit.MILLISECONDS);
    }

    /** Ends the process and its descendants: politely, then after 3 s forcibly. Idempotent. */
    void stop() {
        Process p;
        synchronized (this) {
            stopped = true;
            p = process;
        }
        ready.completeExceptionally(new IOException("function " + spec.displayName() + " is stopped"));
        exit.complete(null);
        if (p != null) {
            kill(p);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void pump(Process p) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    LOG.log(Level.INFO, "function {0}: {1}", spec.displayName(), Sanitize.forLog(line, 2000));
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, "clb-bootstrap-output-" + spec.name());
        t.setDaemon(true);
        t.start();
    }
}
