package io.github.clbtrigger.cli;

import io.github.clbtrigger.functions.ClbConfig;
import io.github.clbtrigger.functions.Functions;
import io.github.clbtrigger.functions.LiveConfig;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loading a config file for a command, with one-line errors. */
final class Configs {
    private Configs() {}

    /** A config that could not be loaded: either unreadable, or read with problems. */
    static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<ConfigProblem> problems;

        LoadException(String message, List<ConfigProblem> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        List<ConfigProblem> problems() {
            return problems;
        }
    }

    /**
     * A config file, read once: its listeners, rules and {@code Functions}, and its listeners' {@code Keystore}s as
     * read (opened by {@link #checkLocal()}).
     */
    record Loaded(Path file, ClbConfig config, Keystores keystores) {

        /** {@return the compiled route table} */
        RouteTable table() {
            return config.routes();
        }

        /**
         * Checks what a front end with no function registered in code checks beyond reading the file: every rule's
         * function is defined in {@code Functions} (no handler class is loaded, nothing is started), and every
         * listener's {@code Keystore} opens (see {@link Keystores#open}). Every problem is reported.
         *
         * @return the HTTPS listeners' keystores, by {@code ListenerId}
         * @throws ConfigException every problem, each with its CLB error code and JSON path
         */
        Map<String, Keystores.Keystore> checkLocal() {
            List<ConfigProblem> problems = new ArrayList<>();
            try {
                Functions.check(config);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
            Map<String, Keystores.Keystore> opened = keystores.open(config.routes().config(),
                    file.toAbsolutePath().getParent(), problems);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return opened;
        }
    }

    /** Reads a config file's listeners and rules only (what {@code clb route} needs). */
    static RouteTable load(Path file) throws LoadException {
        LoadBalancerConfig config;
        try {
            config = LoadBalancerConfig.parse(text(file));
        } catch (IOException e) {
            throw new LoadException("cannot read config file " + file + ": " + Messages.describe(e), List.of());
        } catch (ConfigException e) {
            throw new LoadException("invalid config " + file, e.problems());
        }
        try {
            return RouteTable.compile(config);
        } catch (ConfigException e) {
            throw new LoadException("invalid config " + file, e.problems());
        }
    }

    /** Reads a config file whole, in one pass: listeners, rules and {@code Functions}, every problem reported. */
    static Loaded read(Path file) throws LoadException {
        String json;
        try {
            json = text(file);
        } catch (IOException e) {
            throw new LoadException("cannot read config file " + file + ": " + Messages.describe(e), List.of());
        }
        Keystores keystores = new Keystores();
        try {
            return new Loaded(file, ClbConfig.parse(json, file.toAbsolutePath().getParent(),
                    Map.of("Keystore", keystores)), keystores);
        } catch (ConfigException e) {
            throw new LoadException("invalid config " + file, e.problems());
        }
    }

    /** The file's text, read within {@link LiveConfig#MAX_CONFIG_BYTES}. */
    private static String text(Path file) throws IOException, LoadException {
        try {
            return LiveConfig.read(file);
        } catch (NoSuchFileException e) {
            throw new LoadException("config file not found: " + file, List.of());
        }
    }
}
