package io.github.clbtrigger.common;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls a file's {@link FileStamp} and runs an action when it changes: polling, not {@code WatchService}, so that it
 * sees editors' write-to-temp-and-rename saves and works on every file system. A file that cannot be read (gone
 * for a moment during a save) does not count as a change. The action runs on the watch's one daemon thread; what it
 * throws is logged and the watch goes on. The filter's {@code watch} and {@code clb serve --watch} both run one.
 */
public final class FileWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.github.clbtrigger.common");

    private final Path file;
    private final Runnable onChange;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clb-config-watch");
        t.setDaemon(true);
        return t;
    });
    private String lastSeen;

    private FileWatch(Path file, Runnable onChange) {
        this.file = file;
        this.onChange = onChange;
    }

    /**
     * Starts watching: the file's stamp now is the one later stamps are compared with.
     *
     * @param file     the file
     * @param interval how often to look, at least 1 ms
     * @param onChange what to run when the stamp changed
     * @return the running watch; {@link #close()} stops it
     */
    public static FileWatch start(Path file, Duration interval, Runnable onChange) {
        long ms = interval.toMillis();
        if (ms < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms, was " + interval);
        }
        FileWatch watch = new FileWatch(Objects.requireNonNull(file, "file"),
                Objects.requireNonNull(onChange, "onChange"));
        watch.lastSeen = FileStamp.of(file);
        watch.thread.scheduleWithFixedDelay(watch::check, ms, ms, TimeUnit.MILLISECONDS);
        return watch;
    }

    private void check() {
        try {
            String now = FileStamp.of(file);
            if (!now.equals(FileStamp.MISSING) && !now.equals(lastSeen)) {
                lastSeen = now;
                onChange.run();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "config " + file + ": reload failed", e);
        }
    }

    /** Stops watching; an action running now is interrupted. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
