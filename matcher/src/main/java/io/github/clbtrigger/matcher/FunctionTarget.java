package io.github.clbtrigger.matcher;

import java.util.Objects;

/**
 * One function target of a rule: CLB's {@code FunctionTarget}.
 *
 * @param function the function (and qualifier) to invoke
 * @param weight   CLB's {@code Weight}, 0–100 (10 when the JSON omits it); splits traffic across the targets of a rule
 */
public record FunctionTarget(FunctionRef function, int weight) {
    /**
     * Creates the value; lists are copied, and null components are refused as documented.
     *
     * @param function see {@link #function()}
     * @param weight see {@link #weight()}
     */
    public FunctionTarget {
        Objects.requireNonNull(function, "function");
    }
}
