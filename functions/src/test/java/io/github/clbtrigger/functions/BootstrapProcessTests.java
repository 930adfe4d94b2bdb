package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap's environment, and that stopping it leaves no process behind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BootstrapProcessTests {

    @TempDir
    Path dir;

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A bootstrap that records $PORT, starts a child that sleeps, and never listens. */
    private FunctionSpec.HttpBootstrap spec(Map<String, String> environment) throws IOException {
        Path bootstrap = dir.resolve("bootstrap");
        Files.writeString(bootstrap, """
                #!/bin/bash
                echo "$PORT" > port.txt.tmp && mv port.txt.tmp port.txt
                sleep 300 &
                echo $! > child.pid
                wait
                """);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new FunctionSpec.HttpBootstrap(FunctionKey.of(null, "web", null), new FunctionSpec.Limits(3, 128, 10),
                environment, bootstrap, 18123);
    }

    private String awaitFile(String name) throws Exception {
        Path file = dir.resolve(name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file)) {
                String text = Files.readString(file).trim();
                if (!text.isEmpty()) {
                    return text;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " not written");
    }

    @Test
    void aPortAnotherProcessHoldsIsRefusedNotTakenForTheFunction() throws Exception {
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(18123, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            BootstrapProcess p = new BootstrapProcess(spec(Map.of()), Duration.ofSeconds(30), timer);
            p.start();
            try {
                assertThatThrownBy(() -> p.ready().get(10, TimeUnit.SECONDS))
                        .hasMessageContaining("18123 is in use by another process");
                assertThat(p.launches()).as("the bootstrap was not launched onto a taken port").isZero();
            } finally {
                p.stop();
            }
        }
    }

    @Test
    void portVariableIsTheConfiguredPort() throws Exception {
        BootstrapProcess p = new BootstrapProcess(spec(Map.of()), Duration.ofSeconds(30), timer);
        p.start();
        try {
            assertThat(awaitFile("port.txt")).isEqualTo("18123");
        } finally {
            p.stop();
        }
    }

    @Test
    void portVariableFromTheConfigsEnvironmentWins() throws Exception {
        BootstrapProcess p = new BootstrapProcess(spec(Map.of("PORT", "9999")), Duration.ofSeconds(30), timer);
        p.start();
        try {
            assertThat(awaitFile("port.txt")).isEqualTo("9999");
        } finally {
            p.stop();
        }
    }

    @Test
    void stopEndsTheBootstrapAndItsChildren() throws Exception {
        BootstrapProcess p = new BootstrapProcess(spec(Map.of()), Duration.ofSeconds(30), timer);
        p.start();
        long child = Long.parseLong(awaitFile("child.pid"));
        assertThat(ProcessHandle.of(child)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
        p.stop();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("child left running").isFalse();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().orElse("").contains(dir.toString()))).isEmpty();
    }
}
