package io.github.clbtrigger.cli;

import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import io.github.clbtrigger.servlet.ClbTriggerFilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    static RouteTable load(Path file) throws LoadException {
        LoadBalancerConfig config;
        try (InputStream in = Files.newInputStream(file)) {
            config = LoadBalancerConfig.parse(in);
        } catch (NoSuchFileException e) {
            throw new LoadException("config file not found: " + file, List.of());
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

    /**
     * The first problem of the config's {@code Functions} section, or of a rule's function missing from it, as the
     * filter would report it when serving the file (no handler class is loaded, nothing is started); empty when none.
     */
    static Optional<String> functionsProblem(Path file, RouteTable table) throws LoadException {
        String json;
        try {
            json = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadException("cannot read config file " + file + ": " + Messages.describe(e), List.of());
        }
        try {
            ClbTriggerFilter.checkFunctions(table, json, file.toAbsolutePath().getParent());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(Messages.oneLine(e.getMessage()));
        }
    }
}
