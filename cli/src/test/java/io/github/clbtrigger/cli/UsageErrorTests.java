package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A usage error is one line on stderr and exit 2, like every other error of the command line. */
class UsageErrorTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "encode --bogus|clb encode: Unknown option: '--bogus' (see clb encode --help)",
        "route|clb route: Missing required option: '--config=FILE' (see clb route --help)",
        "serve --port abc|clb serve: Invalid value for option '--port': 'abc' is not an int (see clb serve --help)",
        "servex|clb: Unmatched argument at index 0: 'servex' (did you mean serve? see clb --help)",
    })
    void isOneLineNamingTheCommandAndItsHelp(String args, String line) {
        CliRun run = CliRun.run("", args.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo(line + "\n");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aBareClbListsTheCommands() {
        CliRun run = CliRun.run("");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("Usage: clb ").contains("serve").contains("validate");
    }
}
