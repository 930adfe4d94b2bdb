package io.github.clbtrigger.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clb} command: a local Tencent CLB trigger frontend and the tools around it.
 *
 * <p>Exit codes are part of each subcommand's contract (see docs/cli.md); a usage error is always 2.
 */
@Command(name = "clb",
        mixinStandardHelpOptions = true,
        versionProvider = Clb.Version.class,
        description = "A faithful local stand-in for Tencent Cloud Load Balancer in front of serverless functions.",
        subcommands = {
            ServeCommand.class,
            RouteCommand.class,
            EncodeCommand.class,
            DecodeCommand.class,
            ValidateCommand.class,
        })
public final class Clb {
    private Clb() {}

    /**
     * Runs the command line and exits with the subcommand's exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ClbLogManager.class.getName());
        }
        Logging.configure();
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting; what tests and embedders call.
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new Clb(), factory);
        cli.setExitCodeExceptionMapper(e -> 2);
        // A usage error is one line too, like every other error: picocli's message, and where the usage is.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            if (args.length == 0) {
                command.usage(command.getErr());   // a bare "clb": the commands
                return 2;
            }
            String name = command.getCommandSpec().qualifiedName(" ");
            String hint = e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()
                    ? "did you mean " + String.join(" or ", unmatched.getSuggestions()) + "? " : "";
            command.getErr().println(name + ": " + Messages.oneLine(e.getMessage()) + " (" + hint + "see " + name
                    + " --help)");
            command.getErr().flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName(" ") + ": "
                    + Messages.describe(e));
            commandLine.getErr().flush();
            return 2;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Clb.class.getPackage().getImplementationVersion();
            return new String[] {"clb " + (version == null ? "development" : version)};
        }
    }
}
