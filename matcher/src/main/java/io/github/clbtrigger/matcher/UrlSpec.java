package io.github.clbtrigger.matcher;

import com.google.re2j.Pattern;

/**
 * A parsed rule URL (an nginx {@code location}). Grammar, 1–200 characters:
 * <pre>
 *   exact   = "=" *" " path            = /login        only /login
 *   stop    = "^~" *" " path           ^~ /static      prefix; when it is the longest prefix, regexes are skipped
 *   regex   = "~" *" " re2-pattern     ~ \.php$        case-sensitive search in the URI
 *           / "~*" *" " re2-pattern    ~* .png$        case-insensitive
 *   prefix  = path                     /api            a string prefix: /api, /api/x and /apix
 *   path    = "/" *(a-z / A-Z / 0-9 / "." / "-" / "_" / "/" / "=" / "?" / ":")
 * </pre>
 * Regex characters: a-z A-Z 0-9 . - _ / = ? ~ ^ * $ : ( ) [ ] + | ('~' only as the modifier). Paths compare
 * case-sensitively and byte for byte against the normalized URI.
 */
sealed interface UrlSpec {
    /** {@return the URL as configured} */
    String text();

    /** {@return the key under which two URLs of one domain are duplicates} */
    String identity();

    /** {@code = path}. */
    record Exact(String text, String path) implements UrlSpec {
        @Override
        public String identity() {
            return "=" + path;
        }
    }

    /** A plain or {@code ^~} prefix; nginx treats {@code /a} and {@code ^~/a} as the same location. */
    record Prefix(String text, String path, boolean stopsRegex) implements UrlSpec {
        @Override
        public String identity() {
            return path;
        }
    }

    /** {@code ~} or {@code ~*}. */
    record Regex(String text, String source, boolean caseInsensitive, Pattern pattern) implements UrlSpec {
        @Override
        public String identity() {
            return (caseInsensitive ? "~*" : "~") + source;
        }
    }

    int MAX_LENGTH = 200;

    /**
     * Parses a configured URL.
     *
     * @throws InvalidSpec naming the problem
     */
    static UrlSpec parse(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_LENGTH) {
            throw new InvalidSpec(ConfigProblem.LENGTH, "URL must be 1-" + MAX_LENGTH + " characters, got "
                    + raw.length());
        }
        if (raw.charAt(0) == '~') {
            boolean ci = raw.length() > 1 && raw.charAt(1) == '*';
            String src = skipSpaces(raw.substring(ci ? 2 : 1));
            if (src.isEmpty()) {
                throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "regex URL '" + raw + "' has no pattern");
            }
            for (int i = 0; i < src.length(); i++) {
                char c = src.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || "._-/=?^*$:()[]+|".indexOf(c) >= 0)) {
                    throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "regex URL '" + raw + "' contains '"
                            + DomainSpec.printable(c) + "'; allowed: a-z A-Z 0-9 . - _ / = ? ^ * $ : ( ) [ ] + |"
                            + " and '~' only as the modifier");
                }
            }
            return new Regex(raw, src, ci, DomainSpec.compile(raw, src, ci ? Pattern.CASE_INSENSITIVE : 0));
        }
        if (raw.startsWith("=")) {
            return new Exact(raw, path(raw, skipSpaces(raw.substring(1))));
        }
        if (raw.startsWith("^~")) {
            return new Prefix(raw, path(raw, skipSpaces(raw.substring(2))), true);
        }
        return new Prefix(raw, path(raw, raw), false);
    }

    /** The spaces the grammar allows after a modifier ({@code "=" *" " path}): spaces only, not tabs or U+2003. */
    private static String skipSpaces(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return s.substring(i);
    }

    private static String path(String raw, String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "URL '" + raw + "' must start with '/' (after an"
                    + " optional '=' or '^~'), or with '~' for a regex");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "._-/=?:".indexOf(c) >= 0)) {
                throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "URL '" + raw + "' contains '"
                        + DomainSpec.printable(c) + "'; allowed: a-z A-Z 0-9 . - _ / = ? :");
            }
        }
        return path;
    }
}
