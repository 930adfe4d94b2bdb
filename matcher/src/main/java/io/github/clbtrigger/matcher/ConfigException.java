package io.github.clbtrigger.matcher;

import java.util.List;

/**
 * A configuration that cannot be used: malformed JSON, JSON of the wrong shape, or rules that fail validation.
 * The message lists every problem, one per line, as {@code CODE: where: what}.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The problems; not serialized (a deserialized exception keeps only its message). */
    private final transient List<ConfigProblem> problems;

    /**
     * Creates an exception for the given problems.
     *
     * @param problems at least one problem
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public ConfigException(List<ConfigProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : problems) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    /** {@return every problem found, in configuration order (empty after deserialization)} */
    public List<ConfigProblem> problems() {
        return problems == null ? List.of() : problems;
    }
}
