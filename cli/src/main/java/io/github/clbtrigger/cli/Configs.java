package io.github.clbtrigger.cli;

import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import io.github.clbtrigger.functions.Functions;

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

    /** A config file, read once: its compiled route table, and its text for the {@code Functions} check. */
    record Loaded(Path file, RouteTable table, String json) {
        /**
         * Checks what clb-trigger adds to CLB's shape: the {@code Functions} section (or a rule's function missing
         * from it), as the filter would report it when serving the file (no handler class is loaded, nothing is
         * started), then the listeners' {@code Keystore}s, each opened (see {@link Keystores#read}).
         *
         * @return the HTTPS listeners' keystores, by {@code ListenerId}
         * @throws IllegalArgumentException with the first problem
         */
        Map<String, Keystores.Keystore> checkLocal() {
            Path baseDir = file.toAbsolutePath().getParent();
            Functions.check(table, json, baseDir);
            return Keystores.read(json, baseDir);
        }
    }

    static RouteTable load(Path file) throws LoadException {
        return read(file).table();
    }

    static Loaded read(Path file) throws LoadException {
        byte[] bytes;
        LoadBalancerConfig config;
        try {
            bytes = Files.readAllBytes(file);
            config = LoadBalancerConfig.parse(new ByteArrayInputStream(bytes));
        } catch (NoSuchFileException e) {
            throw new LoadException("config file not found: " + file, List.of());
        } catch (IOException e) {
            throw new LoadException("cannot read config file " + file + ": " + Messages.describe(e), List.of());
        } catch (ConfigException e) {
            throw new LoadException("invalid config " + file, e.problems());
        }
        try {
            return new Loaded(file, RouteTable.compile(config), new String(bytes, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            throw new LoadException("invalid config " + file, e.problems());
        }
    }
}
