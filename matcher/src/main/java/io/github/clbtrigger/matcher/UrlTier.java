package io.github.clbtrigger.matcher;

/**
 * The URL tiers of nginx's location algorithm. NOTE: the declaration order is the priority. A request is decided
 * by the first tier that has a candidate:
 * <ol>
 *   <li>{@link #EXACT} — an {@code =} rule equal to the URI;
 *   <li>{@link #TRAILING_SLASH} — no rule is named exactly the URI, but a rule (prefix or {@code =}) is named the
 *       URI plus {@code /}: 301 to the URI with a slash (nginx's auto-redirect for proxied locations);
 *   <li>{@link #STOP_PREFIX} — the longest matching prefix is a {@code ^~} rule;
 *   <li>{@link #REGEX} — the first {@code ~}/{@code ~*} rule in configuration order that matches;
 *   <li>{@link #PREFIX} — the longest matching prefix (a plain string prefix).
 * </ol>
 * Only the longest prefix is ever a candidate: a shorter {@code ^~} does not stop the regex search.
 */
enum UrlTier {
    /** {@code = /path}. */
    EXACT("exact"),
    /** Rule {@code /abc/}, request {@code /abc}: 301. */
    TRAILING_SLASH("trailing-slash redirect"),
    /** {@code ^~ /path} as the longest prefix. */
    STOP_PREFIX("^~ prefix"),
    /** {@code ~ regex} or {@code ~* regex}. */
    REGEX("regex"),
    /** {@code /path} as the longest prefix. */
    PREFIX("longest prefix");

    private final String label;

    UrlTier(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
