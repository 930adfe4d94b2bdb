package io.github.clbtrigger.cli;

import java.util.logging.LogManager;

/**
 * The JDK's {@link LogManager}, except that while {@code clb serve} runs its stop, the JVM's shutdown does not reset
 * it. The JDK resets the log manager from a shutdown hook of its own, which runs at the same time as the hook that
 * stops the frontend: the handlers were closed before the requests still in flight finished, and their access log
 * lines were lost. {@code clb} installs it ({@code java.util.logging.manager}) unless the user chose another; it is
 * public only because the JDK instantiates it by name.
 */
public final class ClbLogManager extends LogManager {

    private static volatile boolean holding;

    /** Made by the JDK, by name. */
    public ClbLogManager() {
        super();
    }

    /** From now on a reset waits for {@link #release()}. */
    static void hold() {
        holding = true;
        // The root handlers are made at the first record; once the shutdown has begun the JDK no longer makes them,
        // and a first record then (a request that was in flight) would have nowhere to go.
        java.util.logging.Logger.getLogger("").getHandlers();
    }

    /** The stop is over: logging is reset now if the JVM's shutdown asked for it, and normally afterwards. */
    static void release() {
        holding = false;
        if (LogManager.getLogManager() instanceof ClbLogManager manager) {
            manager.reset();
        }
    }

    @Override
    public void reset() {
        if (!holding) {
            super.reset();
        }
    }
}
