package io.github.clbtrigger.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatchTests {

    @TempDir
    Path dir;

    @Test
    void aRenamedOverFileIsAChangeAMissingOneIsNot() throws Exception {
        Path file = Files.writeString(dir.resolve("clb.json"), "one");
        Semaphore changes = new Semaphore(0);
        try (FileWatch watch = FileWatch.start(file, Duration.ofMillis(10), changes::release)) {
            assertThat(changes.tryAcquire(100, TimeUnit.MILLISECONDS)).as("nothing changed").isFalse();

            Path saved = Files.writeString(dir.resolve("clb.json.tmp"), "two");   // as an editor saves
            Files.move(saved, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

            Files.delete(file);
            assertThat(changes.tryAcquire(100, TimeUnit.MILLISECONDS)).as("gone for a moment").isFalse();
            Files.writeString(file, "three");
            assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).as("back").isTrue();
        }
    }

    @Test
    void anActionThatThrowsDoesNotStopTheWatch() throws Exception {
        Path file = Files.writeString(dir.resolve("clb.json"), "one");
        Semaphore changes = new Semaphore(0);
        try (FileWatch watch = FileWatch.start(file, Duration.ofMillis(10), () -> {
            changes.release();
            throw new IllegalStateException("boom");
        })) {
            Files.move(Files.writeString(dir.resolve("a.tmp"), "two"), file, StandardCopyOption.REPLACE_EXISTING);
            assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
            Files.move(Files.writeString(dir.resolve("b.tmp"), "three!"), file, StandardCopyOption.REPLACE_EXISTING);
            assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anIntervalUnderAMillisecondIsRefused() {
        assertThatThrownBy(() -> FileWatch.start(dir.resolve("x"), Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
