package io.github.clbtrigger.matcher;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
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
 */
final class RegexTier<V> {
    private final Pattern[] patterns;
    private final Object[] values;
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
        List<Integer> free = new ArrayList<>();
        TrieBuilder s = new TrieBuilder();
        TrieBuilder ci = new TrieBuilder();
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
            if (find(patterns[i], input)) {
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
        if (!re.startsWith("^") || re.indexOf('|') >= 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int i = 1;
        while (i < re.length()) {
            char c = re.charAt(i);
            char lit;
            int next;
            if (c == '\\') {
                if (i + 1 >= re.length()) {
                    break;
                }
                char e = re.charAt(i + 1);
                if (Character.isLetterOrDigit(e)) {
                    break;
                }
                lit = e;
                next = i + 2;
            } else if (".[]()*+?{}^$|".indexOf(c) >= 0) {
                break;
            } else {
                lit = c;
                next = i + 1;
            }
            if (next < re.length() && "?*{".indexOf(re.charAt(next)) >= 0) {
                break;
            }
            sb.append(lit);
            i = next;
            if (i < re.length() && re.charAt(i) == '+') {
                break;
            }
        }
        return sb.toString();
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
