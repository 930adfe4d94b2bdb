package io.github.clbtrigger.cli;

import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ConfigValidator;
import io.github.clbtrigger.matcher.RouteTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clb validate}: every problem of a config, as CLB's API would report it. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        header = "Check a CLB config; print every problem with its CLB error code.",
        description = {
            "Checks a CLB config and prints every problem as 'CODE: where: what', with CLB's error codes: its "
                    + "listeners and rules, its Functions section (and a rule's function missing from it), and the "
                    + "listeners' Keystores, each opened. Handler classes are not loaded: serve loads them, and names "
                    + "one it cannot load.",
            "Exit codes: 0 valid, 1 problems found, 2 usage error or unreadable file."
        })
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The CLB config (JSON).")
    Path config;

    @Option(names = "--strict", description = "Also enforce CLB's quotas (50 listeners, 50 rules per HTTP/HTTPS "
            + "listener).")
    boolean strict;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<ConfigProblem> problems;
        RouteTable table = null;
        try {
            Configs.Loaded loaded = Configs.read(config);
            table = loaded.table();
            problems = new ArrayList<>(ConfigValidator.validate(table.config(), strict));
            try {
                loaded.checkLocal();
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        } catch (Configs.LoadException e) {
            if (e.problems().isEmpty()) {
                spec.commandLine().getErr().println("clb validate: " + e.getMessage());
                return 2;
            }
            problems = e.problems();
        }
        for (ConfigProblem problem : problems) {
            out.println(problem);
        }
        boolean valid = problems.isEmpty();
        if (valid && table != null) {
            int rules = table.config().listeners().stream().mapToInt(l -> l.rules().size()).sum();
            int listeners = table.config().listeners().size();
            out.println("valid: " + listeners + (listeners == 1 ? " listener, " : " listeners, ") + rules
                    + (rules == 1 ? " rule" : " rules"));
        }
        out.flush();
        return valid ? 0 : 1;
    }
}
