package io.github.clbtrigger.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls a configuration file's modification time and size (polling, not {@code WatchService}: it sees editors'
 * write-to-temp-and-rename saves and works on every file system) and calls the reload action when they change.
 * The action itself skips text that did not change.
 */
final class ConfigWatcher {

    /** Configuration files larger than this are refused. */
    static final int MAX_CONFIG_BYTES = 16 * 1024 * 1024;

    private final Path file;
    private final Duration interval;
    private final Runnable reload;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clb-config-watch");
        t.setDaemon(true);
        return t;
    });
    private String lastSeen;

    ConfigWatcher(Path file, Duration interval, Runnable reload) {
        this.file = file;
        this.interval = interval;
        this.reload = reload;
    }

    /** Reads a configuration file (bounded) as UTF-8 text. */
    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
            if (bytes.length > MAX_CONFIG_BYTES) {
                throw new IOException(file + ": larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    void start() {
        lastSeen = stamp();
        thread.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            String now = stamp();
            if (now != null && !now.equals(lastSeen)) {
                lastSeen = now;
                reload.run();
            }
        } catch (RuntimeException e) {
            ClbTriggerFilter.LOG.log(Level.WARNING, "config " + file + ": reload failed", e);
        }
    }

    private String stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    void stop() {
        thread.shutdownNow();
    }
}
