package io.github.clbtrigger.functions;

import java.util.Locale;

/**
 * A function's identity as a rule's target names it: namespace, name, qualifier, with SCF's defaults filled in
 * ({@code default}, {@code $LATEST}) so that a target without a qualifier finds the unqualified function.
 */
record FunctionKey(String namespace, String name, String qualifier) {

    static FunctionKey of(String namespace, String name, String qualifier) {
        return new FunctionKey(
                blank(namespace) ? FunctionSpec.DEFAULT_NAMESPACE : namespace,
                name,
                blank(qualifier) ? FunctionSpec.DEFAULT_QUALIFIER : qualifier.toUpperCase(Locale.ROOT).equals("$LATEST")
                        ? FunctionSpec.DEFAULT_QUALIFIER : qualifier);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return namespace + "/" + name + ":" + qualifier;
    }
}
