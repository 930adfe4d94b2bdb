package io.github.clbtrigger.console;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether the server can serve: every listener bound and every HTTP function's bootstrap ready. {@code /_clb/ready}
 * asks it on every request, so it must be cheap and must not block.
 *
 * <p>Build one from named checks: {@code Readiness.allOf(List.of(Readiness.check("listener 8080 is bound",
 * bound::get), ...))}; a check that fails is reported by its name.
 */
@FunctionalInterface
public interface Readiness {

    /**
     * The answer now.
     *
     * @return the report
     */
    Report check();

    /**
     * A readiness answer.
     *
     * @param reasons why the server is not ready; empty when it is
     */
    record Report(List<String> reasons) {
        /**
         * Copies the reasons.
         *
         * @param reasons see {@link #reasons()}
         */
        public Report {
            reasons = List.copyOf(reasons);
        }

        /**
         * Whether the server is ready.
         *
         * @return true when there is no reason against it
         */
        public boolean ready() {
            return reasons.isEmpty();
        }
    }

    /**
     * Always ready.
     *
     * @return a readiness with no reason against
     */
    static Readiness always() {
        return () -> new Report(List.of());
    }

    /**
     * A single named check.
     *
     * @param failure what to report when the check fails, e.g. {@code "function ns/f: bootstrap not ready"}
     * @param check   true when this part is ready
     * @return the readiness
     */
    static Readiness check(String failure, BooleanSupplier check) {
        return () -> new Report(check.getAsBoolean() ? List.of() : List.of(failure));
    }

    /**
     * Ready when all parts are; the report lists every part that is not, in order.
     *
     * @param parts the parts
     * @return the readiness
     */
    static Readiness allOf(List<Readiness> parts) {
        List<Readiness> copy = List.copyOf(parts);
        return () -> {
            List<String> reasons = new ArrayList<>();
            for (Readiness part : copy) {
                reasons.addAll(part.check().reasons());
            }
            return new Report(reasons);
        };
    }
}
