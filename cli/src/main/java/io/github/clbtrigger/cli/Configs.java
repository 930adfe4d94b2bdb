package io.github.clbtrigger.cli;

import io.github.clbtrigger.functions.ClbConfig;
import io.github.clbtrigger.functions.Functions;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    /** A config file, read once: its listeners, rules and {@code Functions}, and its text for the keystores. */
    record Loaded(Path file, ClbConfig config, String json) {

        /** {@return the compiled route table} */
        RouteTable table() {
            return config.routes();
        }

        /**
         * Checks what a front end with no function registered in code checks beyond reading the file: every rule's
         * function is defined in {@code Functions} (no handler class is loaded, nothing is started); then the
         * listeners' {@code Keystore}s, each opened (see {@link Keystores#read}).
         *
         * @return the HTTPS listeners' keystores, by {@code ListenerId}
         * @throws ConfigException          every problem of the functions, with code and JSON path
         * @throws IllegalArgumentException a keystore's problem
         */
        Map<String, Keystores.Keystore> checkLocal() {
            Functions.check(config);
            return Keystores.read(json, file.toAbsolutePath().getParent());
        }
    }

    /** Reads a config file's listeners and rules only (what {@code clb route} needs). */
    static RouteTable load(Path file) throws LoadException {
        LoadBalancerConfig config;
        try {
            config = LoadBalancerConfig.parse(new ByteArrayInputStream(bytes(file)));
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
            json = new String(bytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadException("cannot read config file " + file + ": " + Messages.describe(e), List.of());
        }
        try {
            return new Loaded(file, ClbConfig.parse(json, file.toAbsolutePath().getParent()), json);
        } catch (ConfigException e) {
            throw new LoadException("invalid config " + file, e.problems());
        }
    }

    private static byte[] bytes(Path file) throws IOException, LoadException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LoadException("config file not found: " + file, List.of());
        }
    }
}
