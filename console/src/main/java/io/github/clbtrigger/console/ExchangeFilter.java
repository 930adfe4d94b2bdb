package io.github.clbtrigger.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query of {@code /_clb/api/exchanges}: {@code after} (a sequence number), {@code status} (a class:
 * {@code 1xx}..{@code 5xx}, or {@code none} for exchanges no status reached), {@code function}
 * ({@code namespace/name} or {@code namespace/name:qualifier}) and {@code rule} (a {@code LocationId}). Absent
 * parameters match everything; all given must match.
 */
record ExchangeFilter(long after, Optional<String> statusClass, Optional<String> function, Optional<String> rule) {

    static final String USAGE = "expected after=<sequence number>, status=1xx..5xx|none, "
            + "function=<namespace/name[:qualifier]>, rule=<LocationId>";

    static Optional<ExchangeFilter> parse(Map<String, String> query) {
        String after = query.get("after");
        String status = query.get("status");
        if (after != null && !after.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        if (status != null && !status.isEmpty() && !status.matches("[1-5]xx|none")) {
            return Optional.empty();
        }
        return Optional.of(new ExchangeFilter(after == null ? 0 : Long.parseLong(after), nonEmpty(status),
                nonEmpty(query.get("function")), nonEmpty(query.get("rule"))));
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    List<Inspector.Entry> apply(List<Inspector.Entry> entries) {
        return entries.stream().filter(e -> matches(e.exchange())).toList();
    }

    boolean matches(ExchangeRecord r) {
        return statusClass.map(c -> c.equals(statusClass(r.status()))).orElse(true)
                && function.map(f -> r.function().map(g -> functionMatches(f, g)).orElse(false)).orElse(true)
                && rule.map(id -> r.rule().map(x -> x.locationId().equals(id)).orElse(false)).orElse(true);
    }

    static String statusClass(int status) {
        return status >= 100 && status <= 599 ? (status / 100) + "xx" : "none";
    }

    private static boolean functionMatches(String wanted, ExchangeRecord.Function f) {
        return wanted.indexOf(':') >= 0 ? wanted.equals(f.toString()) : wanted.equals(f.namespace() + "/" + f.name());
    }
}
