package io.github.clbtrigger.matcher;

/**
 * The domain tiers. NOTE: the declaration order is the priority (CLB: "Exact match &gt; Prefix wildcard &gt; Suffix
 * wildcard &gt; Regex match"; nginx {@code server_name} likewise); {@link #DEFAULT_SERVER} applies when nothing
 * matches. Within a tier the tie-break is nginx's: the longest wildcard, the first regex in configuration order.
 */
enum DomainTier {
    /** {@code www.example.com}: equal to the normalized Host. */
    EXACT("exact"),
    /** {@code *.example.com}: the Host ends with {@code .example.com}; longest wins. */
    LEADING_WILDCARD("leading wildcard"),
    /** {@code www.example.*}: the Host starts with {@code www.example.}; longest wins. */
    TRAILING_WILDCARD("trailing wildcard"),
    /** {@code ~^www\d+\.example\.com$}: first matching regex in configuration order. */
    REGEX("regex"),
    /** No domain matched: the listener's default server. */
    DEFAULT_SERVER("default server");

    private final String label;

    DomainTier(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
