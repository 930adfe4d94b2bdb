package io.github.clbtrigger.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finding the tests' bootstrap processes. {@code ProcessHandle.Info.commandLine()} is not reliable on Linux (it
 * may hold only the first arguments), so {@code /proc/PID/cmdline} is read where it exists.
 */
final class Processes {

    private Processes() {
    }

    static String commandLine(ProcessHandle p) {
        Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        if (Files.isReadable(proc)) {
            try {
                return new String(Files.readAllBytes(proc), java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
            } catch (IOException gone) {
                return "";
            }
        }
        return p.info().commandLine().orElse("");
    }

    /** Live descendants of this JVM running {@code HttpFunctionServer}. */
    static long httpFunctionServers() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p).contains("HttpFunctionServer")).count();
    }

    static void killHttpFunctionServers() {
        ProcessHandle.current().descendants().filter(p -> commandLine(p).contains("HttpFunctionServer"))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
