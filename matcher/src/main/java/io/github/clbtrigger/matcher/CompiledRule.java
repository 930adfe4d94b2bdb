package io.github.clbtrigger.matcher;

/**
 * A rule compiled under one domain: the configured rule, its parsed URL, its position in the listener's
 * configuration order and its tier when it is the candidate that decides.
 */
record CompiledRule(RuleConfig config, UrlSpec url, int order) {
    /** The tier this rule decides in when it is chosen as an exact, longest-prefix or regex match. */
    UrlTier tier() {
        if (url instanceof UrlSpec.Exact) {
            return UrlTier.EXACT;
        }
        if (url instanceof UrlSpec.Prefix p) {
            return p.stopsRegex() ? UrlTier.STOP_PREFIX : UrlTier.PREFIX;
        }
        return UrlTier.REGEX;
    }

    String describe() {
        return config.locationId() + " '" + url.text() + "'";
    }
}
