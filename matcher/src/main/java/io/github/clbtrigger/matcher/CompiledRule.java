package io.github.clbtrigger.matcher;

/**
 * A rule compiled under one domain: the configured rule, its parsed URL, its position in the listener's
 * configuration order, and the length of its path ({@code -1} for a regex), which decides whether it was found as
 * a trailing-slash target ({@link Server#tierOf}) without reading the URL again on every request.
 */
record CompiledRule(RuleConfig config, UrlSpec url, int order, int pathLength) {
    CompiledRule(RuleConfig config, UrlSpec url, int order) {
        this(config, url, order, url instanceof UrlSpec.Exact e ? e.path().length()
                : url instanceof UrlSpec.Prefix p ? p.path().length() : -1);
    }

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
