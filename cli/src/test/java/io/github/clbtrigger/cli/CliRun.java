package io.github.clbtrigger.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

/** Runs one clb command in-process with the given stdin, capturing stdout, stderr and the exit code. */
record CliRun(int exitCode, byte[] stdoutBytes, String stderr) {

    String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    static CliRun run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static CliRun run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(stdin);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == EncodeCommand.class) {
                    return type.cast(new EncodeCommand(in, out));
                }
                if (type == DecodeCommand.class) {
                    return type.cast(new DecodeCommand(in, out));
                }
                if (type == RouteCommand.class) {
                    return type.cast(new RouteCommand(in));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine withStreams = Clb.commandLine(factory);
        withStreams.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        withStreams.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = withStreams.execute(args);
        return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
