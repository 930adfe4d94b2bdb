package io.github.clbtrigger.matcher;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Locale;

/**
 * A parsed rule domain. Grammar (Tencent's "Layer-7 Domain Name Forwarding and URL Rules"), 1–80 characters, not
 * starting with {@code _}:
 * <pre>
 *   exact      = name                       www.example.com
 *   leading    = "*." name                  *.example.com   matches a.example.com, a.b.example.com; not example.com
 *   trailing   = name ".*"                  www.example.*   matches www.example.com, www.example.co.uk; not www.example
 *   regex      = "~" re2-pattern            ~^www\d+\.example\.com$   (searched, not anchored, in the lower-cased Host)
 *   name       = label *("." label), label = 1*(a-z / 0-9 / "-" / "_")
 * </pre>
 * ASCII letters are lower-cased (nothing else is folded); Host matching is case-insensitive.
 */
sealed interface DomainSpec {
    /** {@return the tier this domain matches in} */
    DomainTier tier();

    /** {@return the domain as configured, lower-cased (the key for duplicates)} */
    String text();

    /** An exact name. */
    record Exact(String text) implements DomainSpec {
        @Override
        public DomainTier tier() {
            return DomainTier.EXACT;
        }
    }

    /** {@code *.example.com}; {@code suffix} is {@code .example.com}. */
    record LeadingWildcard(String text, String suffix) implements DomainSpec {
        @Override
        public DomainTier tier() {
            return DomainTier.LEADING_WILDCARD;
        }
    }

    /** {@code www.example.*}; {@code prefix} is {@code www.example.}. */
    record TrailingWildcard(String text, String prefix) implements DomainSpec {
        @Override
        public DomainTier tier() {
            return DomainTier.TRAILING_WILDCARD;
        }
    }

    /**
     * {@code ~pattern}, compiled with RE2/J; case-insensitive when the pattern holds a capital letter, as nginx
     * compiles a {@code server_name} regex (the Host it is searched in is lower-cased: {@code ~^WWW\.x\.com$} would
     * otherwise never match).
     */
    record Regex(String text, Pattern pattern, boolean caseInsensitive) implements DomainSpec {
        @Override
        public DomainTier tier() {
            return DomainTier.REGEX;
        }
    }

    int MAX_LENGTH = 80;

    /**
     * Parses a configured domain.
     *
     * @throws InvalidSpec naming the problem
     */
    static DomainSpec parse(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_LENGTH) {
            throw new InvalidSpec(ConfigProblem.LENGTH, "domain must be 1-" + MAX_LENGTH + " characters, got "
                    + raw.length());
        }
        if (raw.charAt(0) == '_') {
            throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "domain '" + raw + "' must not start with '_'");
        }
        if (raw.charAt(0) == '~') {
            String src = raw.substring(1);
            for (int i = 0; i < src.length(); i++) {
                char c = src.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || "._-?=+\\^*!$&|()[]".indexOf(c) >= 0)) {
                    throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "regex domain '" + raw + "' contains '"
                            + printable(c) + "' at " + (i + 1) + "; allowed: a-z 0-9 . - ? = ~ _ + \\ ^ * ! $ & | ( ) [ ]"
                            + " and '~' only first");
                }
            }
            if (src.isEmpty()) {
                throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "regex domain '~' has no pattern");
            }
            boolean capital = src.chars().anyMatch(c -> c >= 'A' && c <= 'Z');
            return new Regex(raw, compile(raw, src, capital ? Pattern.CASE_INSENSITIVE : 0), capital);
        }
        // ASCII letters only: Locale.ROOT would also fold U+212A KELVIN SIGN to 'k', and the name would pass the check.
        String name = Bytes.asciiLower(raw, raw.length());
        int star = name.indexOf('*');
        if (star >= 0) {
            if (name.indexOf('*', star + 1) >= 0) {
                throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "wildcard domain '" + raw + "' has more than one '*'");
            }
            if (name.startsWith("*.") && name.length() > 2) {
                checkName(raw, name.substring(2));
                return new LeadingWildcard(name, name.substring(1));
            }
            if (name.endsWith(".*") && name.length() > 2) {
                checkName(raw, name.substring(0, name.length() - 2));
                return new TrailingWildcard(name, name.substring(0, name.length() - 1));
            }
            throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "wildcard domain '" + raw
                    + "' must be '*.example.com' or 'www.example.*': '*' only as a whole first or last label");
        }
        checkName(raw, name);
        return new Exact(name);
    }

    private static void checkName(String raw, String name) {
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "domain '" + raw + "' has an empty label");
                }
                labelLength = 0;
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                labelLength++;
            } else {
                throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "domain '" + raw + "' contains '" + printable(c)
                        + "'; allowed: a-z 0-9 . - _ (and one '*' as a whole first or last label)");
            }
        }
        if (labelLength == 0) {
            throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "domain '" + raw + "' has an empty label");
        }
    }

    /** Compiles with RE2/J; a pattern RE2/J cannot express (backreferences, lookaround) is a format error. */
    static Pattern compile(String raw, String src, int flags) {
        try {
            return Pattern.compile(src, flags);
        } catch (PatternSyntaxException e) {
            throw new InvalidSpec(ConfigProblem.FORMAT_ERROR, "regex '" + raw + "' is not a pattern RE2/J can"
                    + " compile (no backreferences or lookaround): " + e.getDescription());
        }
    }

    /** A character for an error message: printable ASCII as is, others as {@code U+XXXX}. */
    static String printable(char c) {
        return c >= 0x21 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
