package io.github.clbtrigger.matcher;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Regexes tried in configuration order, first match wins, pre-filtered by each pattern's anchored literal prefix.
 *
 * <p>A pattern {@code ^/api/v[0-9]} can only match input starting with {@code /api/v}; such patterns sit in a trie
 * keyed by that literal (lower-cased for case-insensitive patterns), so one walk along the input finds the only
 * anchored patterns worth running. Unanchored patterns (and any with {@code |}) are always candidates. The candidates
 * are then run in ascending configuration order, so the order decides exactly as a linear scan would.
 *
 * <p>A candidate found by its literal needs no second look at it: where the rest of the pattern does not look
 * behind itself (no {@code ^}, {@code \A}, {@code \b} or {@code \B}), that rest alone ({@link #tail}), anchored,
 * is run on the input after the literal. {@code ^/r1/items/[0-9]+$} on {@code /r1/items/42} runs
 * {@code ^(?:[0-9]+$)} on {@code 42}: RE2/J's automaton steps once per input char, and the literal is most of a
 * typical path.
 */
final class RegexTier<V> {
    private final Pattern[] patterns;
    private final Object[] values;
    /**
     * For pattern {@code i}: its {@link #tail}, or null when it is run on the whole input. Patterns with equal tails
     * share one: rules such as {@code ^/a/[0-9]+$} and {@code ^/b/[0-9]+$} then run one automaton, which stays in
     * the cache, instead of one per rule.
     */
    private final Pattern[] tails;
    /** For pattern {@code i} with a tail: how many chars of the input its literal takes, the tail's start there. */
    private final int[] skips;
    private final int[] unanchored;
    private final Trie sensitive;
    private final Trie insensitive;

    /** One regex: its compiled pattern, whether it ignores case, and what it stands for. */
    record Entry<V>(Pattern pattern, boolean caseInsensitive, V value) {
    }

    RegexTier(List<Entry<V>> entries) {
        int n = entries.size();
        patterns = new Pattern[n];
        values = new Object[n];
        tails = new Pattern[n];
        skips = new int[n];
        List<Integer> free = new ArrayList<>();
        TrieBuilder s = new TrieBuilder();
        TrieBuilder ci = new TrieBuilder();
        Map<String, Pattern> shared = new HashMap<>(); // equal tails (and flags) share one pattern, and its state
        for (int i = 0; i < n; i++) {
            Entry<V> e = entries.get(i);
            patterns[i] = e.pattern();
            values[i] = e.value();
            String lit = literalPrefix(e.pattern().pattern());
            if (lit.isEmpty()) {
                free.add(i);
            } else if (e.caseInsensitive()) {
                ci.add(lower(lit), i);
            } else {
                s.add(lit, i);
            }
            String src = e.pattern().pattern();
            int at = tailStart(src);
            if (at > 1) {
                tails[i] = shared.computeIfAbsent(e.pattern().flags() + " " + src.substring(at),
                        k -> tail(e.pattern(), at));
                skips[i] = literalPrefix(src.substring(0, at)).length();
            }
        }
        unanchored = free.stream().mapToInt(Integer::intValue).toArray();
        sensitive = s.freeze();
        insensitive = ci.freeze();
    }

    int size() {
        return patterns.length;
    }

    /** The first value, in configuration order, whose pattern is found in {@code input}; null if none. */
    @SuppressWarnings("unchecked")
    V first(String input) {
        if (patterns.length == 0) {
            return null;
        }
        int[] candidates = candidates(input);
        for (int i : candidates) {
            Pattern tail = tails[i];
            if (tail == null ? find(patterns[i], input) : find(tail, input.substring(skips[i]))) {
                return (V) values[i];
            }
        }
        return null;
    }

    /**
     * An unanchored search with PCRE's (nginx's) meaning of {@code $}: besides the end of the input, {@code $} also
     * matches before a final newline (a URI ending in {@code %0A}). RE2's {@code $} matches only at the end, so a
     * match there is looked for in the input without its final newline; every other construct answers the same on
     * both inputs.
     */
    static boolean find(Pattern pattern, String input) {
        if (pattern.matcher(input).find()) {
            return true;
        }
        int n = input.length();
        return n > 0 && input.charAt(n - 1) == '\n' && pattern.matcher(input.substring(0, n - 1)).find();
    }

    /** Indexes of the patterns that may match, ascending. */
    int[] candidates(String input) {
        int[] acc = unanchored;
        acc = collect(sensitive, input, false, acc);
        acc = collect(insensitive, input, true, acc);
        if (acc != unanchored) {
            Arrays.sort(acc);
        }
        return acc;
    }

    private static int[] collect(Trie t, String input, boolean fold, int[] acc) {
        Trie n = t;
        int[] out = acc;
        for (int i = 0; i < input.length() && n != null; i++) {
            char c = input.charAt(i);
            if (fold && c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            n = n.child(c);
            if (n != null && n.ids.length > 0) {
                int[] merged = Arrays.copyOf(out, out.length + n.ids.length);
                System.arraycopy(n.ids, 0, merged, out.length, n.ids.length);
                out = merged;
            }
        }
        return out;
    }

    /**
     * The literal text every match must start with, or {@code ""} when the pattern is not anchored by a leading
     * {@code ^} or contains {@code |}. Conservative: stops at the first metacharacter, and drops a literal that a
     * following {@code ?}, {@code *} or <code>{</code> makes optional.
     */
    static String literalPrefix(String re) {
        if (!anchoredWithoutAlternation(re)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int i = 1;
        while (i < re.length()) {
            int next = afterLiteral(re, i);
            if (next < 0 || followedBy(re, next, "?*{")) {
                break;
            }
            sb.append(re.charAt(next - 1));
            i = next;
            if (followedBy(re, i, "+")) {
                break;
            }
        }
        return sb.toString();
    }

    /**
     * Where the rest of an anchored pattern starts: the index in {@code re} after the leading {@code ^} and the
     * literal chars after it that no quantifier follows (each matches exactly one input char), so that a match of
     * {@code re} is those chars and then a match of {@code re.substring(index)}; at most 1 where
     * {@link #literalPrefix} is empty. {@code ^/ab+c} gives 3 (its rest {@code b+c}).
     */
    static int tailStart(String re) {
        if (!anchoredWithoutAlternation(re)) {
            return 0;
        }
        int i = 1;
        while (i < re.length()) {
            int next = afterLiteral(re, i);
            if (next < 0 || followedBy(re, next, "?*{+")) {
                break;
            }
            i = next;
        }
        return i;
    }

    /** Whether the literal-prefix rules apply: a leading {@code ^} and no {@code |} anywhere. */
    private static boolean anchoredWithoutAlternation(String re) {
        return re.startsWith("^") && re.indexOf('|') < 0;
    }

    /**
     * The index after the literal char of {@code re} at {@code i} — a char that is not a metacharacter, or a
     * backslash and one that is not a letter or digit — or -1 when there is none there. The char it matches is
     * {@code re.charAt(next - 1)}.
     */
    private static int afterLiteral(String re, int i) {
        char c = re.charAt(i);
        if (c == '\\') {
            return i + 1 < re.length() && !Character.isLetterOrDigit(re.charAt(i + 1)) ? i + 2 : -1;
        }
        return ".[]()*+?{}^$|".indexOf(c) >= 0 ? -1 : i + 1;
    }

    /** Whether {@code re} has one of {@code chars} at {@code i}. */
    private static boolean followedBy(String re, int i, String chars) {
        return i < re.length() && chars.indexOf(re.charAt(i)) >= 0;
    }

    /**
     * The rest of {@code pattern} from {@code at} ({@link #tailStart}), anchored, with the pattern's flags: a match of
     * it at the start of the input after the literal is a match of the pattern. Null when the rest would read the
     * input before its start ({@code ^} outside a negated class's opening, {@code \A}, {@code \b}, {@code \B}: they
     * would then see the start of the input) or does not compile alone.
     */
    static Pattern tail(Pattern pattern, int at) {
        String rest = pattern.pattern().substring(at);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\\' && i + 1 < rest.length()) {
                char e = rest.charAt(++i);
                if (e == 'A' || e == 'b' || e == 'B') {
                    return null;
                }
            } else if (c == '[' && i + 1 < rest.length() && rest.charAt(i + 1) == '^') {
                i++;
            } else if (c == '^') {
                return null;
            }
        }
        try {
            return Pattern.compile("^(?:" + rest + ")", pattern.flags());
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private static String lower(String s) {
        return Bytes.asciiLower(s, s.length());
    }

    /** An immutable trie node of pattern indexes. */
    private static final class Trie {
        final char[] chars;
        final Trie[] children;
        final int[] ids;

        Trie(char[] chars, Trie[] children, int[] ids) {
            this.chars = chars;
            this.children = children;
            this.ids = ids;
        }

        Trie child(char c) {
            int k = Arrays.binarySearch(chars, c);
            return k < 0 ? null : children[k];
        }
    }

    private static final class TrieBuilder {
        final TreeMap<Character, TrieBuilder> children = new TreeMap<>();
        final List<Integer> ids = new ArrayList<>();

        void add(String key, int id) {
            TrieBuilder n = this;
            for (int i = 0; i < key.length(); i++) {
                n = n.children.computeIfAbsent(key.charAt(i), c -> new TrieBuilder());
            }
            n.ids.add(id);
        }

        Trie freeze() {
            char[] cs = new char[children.size()];
            Trie[] ts = new Trie[children.size()];
            int i = 0;
            for (Map.Entry<Character, TrieBuilder> e : children.entrySet()) {
                cs[i] = e.getKey();
                ts[i++] = e.getValue().freeze();
            }
            return new Trie(cs, ts, ids.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
