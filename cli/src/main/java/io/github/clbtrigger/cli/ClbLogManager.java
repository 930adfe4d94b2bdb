package io.github.clbtrigger.cli;

import java.util.logging.LogManager;

/**
 * The JDK's {@link LogManager}, except that while {@code clb serve} runs, the reset the JVM's shutdown makes waits for
 * the end of the stop. The JDK resets the log manager from a shutdown hook of its own (its {@code Cleaner} thread),
 * which runs at the same time as the hook that stops the frontend: without the wait, the handlers would be closed
 * before the requests still in flight finish, and their access log lines lost. Any other reset (a library re-reading the logging
 * configuration) happens at once, as always. {@code clb} installs it ({@code java.util.logging.manager}) unless the
 * user chose another; it is public only because the JDK instantiates it by name.
 */
public final class ClbLogManager extends LogManager {

    /** The JDK's shutdown hook that resets logging. */
    private static final String SHUTDOWN_CLEANER = "java.util.logging.LogManager$Cleaner";

    private static volatile boolean holding;
    private static volatile boolean deferred;

    /** Made by the JDK, by name. */
    public ClbLogManager() {
        super();
    }

    /** From now on the shutdown's reset waits for {@link #release()}. */
    static void hold() {
        holding = true;
        // The root handlers are made at the first record; once the shutdown has begun the JDK no longer makes them,
        // and a first record then (a request that was in flight) would have nowhere to go.
        java.util.logging.Logger.getLogger("").getHandlers();
    }

    /** The stop is over: the shutdown's reset, if it came, is done now. */
    static void release() {
        holding = false;
        if (deferred && LogManager.getLogManager() instanceof ClbLogManager manager) {
            deferred = false;
            manager.reset();
        }
    }

    @Override
    public void reset() {
        if (holding && Thread.currentThread().getClass().getName().equals(SHUTDOWN_CLEANER)) {
            deferred = true;
            return;
        }
        super.reset();
    }
}
