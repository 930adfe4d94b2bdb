package io.github.clbtrigger.cli;

import io.github.clbtrigger.codec.DecodeResult;
import io.github.clbtrigger.codec.Dialect;
import io.github.clbtrigger.codec.ResponseDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clb decode}: a function's return value on stdin, the HTTP/1.1 response the frontend sends on stdout. */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        header = "Turn a function's integration response into the HTTP/1.1 response.",
        description = {
            "Reads a function's return value (an integration response) on standard input and prints the "
                    + "HTTP/1.1 response the frontend sends for it: status line, header lines, CRLF line ends, "
                    + "blank line, body.",
            "Exit codes: 0 the value was valid, 1 the error response was rendered (the reason is on stderr), "
                    + "2 usage error."
        })
final class DecodeCommand implements Callable<Integer> {

    /** Input beyond this cannot be a valid response (6 MiB body, Base64-encoded, plus generous headers). */
    static final int MAX_INPUT_BYTES = 16 * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Option(names = "--dialect", paramLabel = "clb|functiongraph",
            description = "Whose integration response rules apply. Default: ${DEFAULT-VALUE}.",
            defaultValue = "clb")
    String dialect;

    private final InputStream stdin;
    private final OutputStream stdout;

    DecodeCommand() {
        this(System.in, System.out);
    }

    DecodeCommand(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws IOException {
        Dialect chosen = switch (dialect) {
            case "clb" -> Dialect.CLB;
            case "functiongraph" -> Dialect.FUNCTION_GRAPH;
            default -> null;
        };
        if (chosen == null) {
            spec.commandLine().getErr().println("clb decode: --dialect must be clb or functiongraph, got '"
                    + Messages.oneLine(dialect) + "'");
            return 2;
        }
        ResponseDecoder decoder = ResponseDecoder.builder().dialect(chosen).build();
        byte[] input = stdin.readNBytes(MAX_INPUT_BYTES + 1);
        if (input.length > MAX_INPUT_BYTES) {
            spec.commandLine().getErr().println("clb decode: invalid response: the input is over "
                    + MAX_INPUT_BYTES + " bytes");
            HttpResponses.writeHttp1(decoder.errorResponse(), stdout);
            return 1;
        }
        DecodeResult result = decoder.decode(input);
        HttpResponses.writeHttp1(result.response(), stdout);
        if (result instanceof DecodeResult.Invalid invalid) {
            spec.commandLine().getErr().println("clb decode: invalid response: " + invalid.reason() + " at "
                    + invalid.path() + ": " + Messages.oneLine(invalid.detail()));
            return 1;
        }
        return 0;
    }
}
