package io.github.clbtrigger.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.clbtrigger.cli.ClbServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code console} example of the docs and README ({@code $ command} lines followed by their output)
 * with bash from the repository root, {@code ./clb} being this build's command line, and compares the output.
 * It lives here, not in the cli, because the examples serve the bundled sample, whose functions are this module's.
 */
class DocsExamplesTests {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** One example: where it is, the command, and the output the docs promise. */
    record Example(String where, String command, String output) {}

    @TempDir
    static Path bin;

    /** The bundled sample served on free ports, for the examples that talk to localhost:8080. */
    private static ClbServer serve;

    @AfterAll
    static void stopServe() {
        if (serve != null) {
            serve.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyConsoleExampleProducesTheOutputShown() throws IOException {
        Path clb = shim();
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                examples.addAll(parse(doc));
            }
        }
        examples.addAll(parse(ROOT.resolve("README.md")));
        assertThat(examples).as("console examples in docs/").hasSizeGreaterThanOrEqualTo(17);
        return examples.stream().map(example -> DynamicTest.dynamicTest(example.where() + ": " + example.command(),
                () -> assertThat(run(clb, example.command())).isEqualTo(example.output())));
    }

    static List<Example> parse(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        List<Example> examples = new ArrayList<>();
        boolean inConsole = false;
        String command = null;
        int commandLine = 0;
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!inConsole) {
                inConsole = line.equals("```console");
                continue;
            }
            if (line.equals("```") || line.startsWith("$ ")) {
                if (command != null) {
                    examples.add(new Example(ROOT.relativize(doc) + ":" + commandLine, command, output.toString()));
                }
                command = null;
                output.setLength(0);
                if (line.equals("```")) {
                    inConsole = false;
                } else {
                    command = line.substring(2);
                    commandLine = i + 1;
                }
                continue;
            }
            output.append(line).append('\n');
        }
        return examples;
    }

    /**
     * Starts {@code clb serve} on the bundled sample once, on free ports: the listener's 8080 and the HTTP function's
     * 8000 are rewritten so the test never collides with anything running on this machine.
     */
    private static synchronized int bundledSample() throws Exception {
        if (serve == null) {
            int function = freePort();
            String config = Files.readString(ROOT.resolve("samples/clb.json"))
                    .replace("8000", Integer.toString(function))
                    .replace("\"functions/web/bootstrap\"",
                            "\"" + ROOT.resolve("samples/functions/web/bootstrap") + "\"");
            serve = ClbServer.builder().config(config).port(0).start();
        }
        return serve.port("lbl-http");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** An executable {@code clb} running this build's classes, so the examples need no packaged jar. */
    private static Path shim() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path shim = bin.resolve("clb");
        Files.writeString(shim, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' -Dclb.home='" + ROOT + "' io.github.clbtrigger.cli.Clb \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        return shim;
    }

    private static String run(Path clb, String command) throws Exception {
        String script = command.replaceAll("(^|[\\s|;(])\\./clb(?=\\s|$)", "$1'" + clb + "'");
        if (script.contains("localhost:8080")) {
            script = script.replace("localhost:8080", "localhost:" + bundledSample());
        }
        Process process = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished in time").isTrue();
        return new String(out, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
