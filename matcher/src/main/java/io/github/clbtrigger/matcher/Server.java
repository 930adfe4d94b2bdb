package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One domain of a listener with its URL rules (an nginx {@code server} block). Immutable; lookups allocate nothing.
 *
 * <p>Index (the decision itself is {@link #find}): {@code =} rules in a hash map keyed by the whole path; prefix
 * rules in a hash map keyed by their path; the trailing-slash targets (rules named {@code /abc/}) keyed by their
 * name without the slash; the regex rules in configuration order. All three maps are keyed by {@link PathHash}; the
 * whole path is hashed (and the {@code =} and trailing-slash maps probed) only when one of their keys has its
 * length, so a path of any other length is read once, by the boundary's scan; the prefix map is probed once per
 * distinct configured prefix length, longest first, skipping a length when no rule of that length ends with the
 * path's char there, each probe's hash derived from the last by subtracting the products of the chars between the
 * two lengths, so the first hit is the longest prefix. {@code =} rules whose path is a plain request-target also have
 * their answer ready, keyed by {@link String#hashCode} ({@link #plainExactHit}). A lookup costs one pass over the
 * path plus a few probes, whatever the number of rules.
 */
final class Server {
    private final DomainSpec domain;
    private final List<CompiledRule> rules;
    private final RegionMap<CompiledRule> exact;
    private final RegionMap<CompiledRule> prefixes;
    private final RegionMap<CompiledRule> slashed;
    /** The distinct lengths of the prefix rules, longest first. */
    private final int[] prefixLengths;
    /**
     * For {@code prefixLengths[k]}, the set of the last chars of the prefix rules of that length (configured paths
     * are ASCII): bit {@code c & 63} of {@code [2 * k + (c >>> 6)]}. A length whose set lacks the path's char there
     * cannot match and is not probed.
     */
    private final long[] prefixLastChars;
    /**
     * The longest {@code =} rule or trailing-slash target (0 if there is none): a longer path is never probed for
     * them, and a path that is probed is within {@link PathHash#MAX_LENGTH}.
     */
    private final int maxWhole;
    /** The lengths of the {@code =} rules and trailing-slash targets: bit {@code n & 63} of {@code [n >>> 6]}. */
    private final long[] wholeLengths;
    private final RegexTier<CompiledRule> regexes;
    /**
     * The answers for the {@code =} rules whose path is a plain request-target ({@link RequestTarget#plain} takes
     * all of it: no {@code ?}, {@code //}, {@code /.}), keyed by {@link String#hashCode}: a request-target equal to
     * one is valid and normalized by that equality, needs no scan, and gets this answer.
     */
    private final RegionMap<RouteResult> plainExactHits;

    /** A server of {@code listener} (its answers name it). */
    Server(ListenerConfig listener, DomainSpec domain, List<CompiledRule> rules) {
        this.domain = domain;
        this.rules = List.copyOf(rules);
        Map<String, CompiledRule> ex = new HashMap<>();
        Map<String, CompiledRule> pre = new HashMap<>();
        Map<String, CompiledRule> sl = new HashMap<>();
        List<RegexTier.Entry<CompiledRule>> rs = new ArrayList<>();
        for (CompiledRule r : rules) {
            if (r.url() instanceof UrlSpec.Exact e) {
                ex.put(e.path(), r);
            } else if (r.url() instanceof UrlSpec.Prefix p) {
                pre.put(p.path(), r);
            } else if (r.url() instanceof UrlSpec.Regex re) {
                rs.add(new RegexTier.Entry<>(re.pattern(), re.caseInsensitive(), r));
            }
        }
        // a request /abc is redirected to the rule named /abc/: the = rule if there is one, else the prefix rule
        for (Map<String, CompiledRule> m : List.of(pre, ex)) {
            for (Map.Entry<String, CompiledRule> e : m.entrySet()) {
                String name = e.getKey();
                if (name.endsWith("/")) {
                    sl.put(name.substring(0, name.length() - 1), e.getValue());
                }
            }
        }
        this.prefixLengths = pre.keySet().stream().mapToInt(String::length).map(n -> -n).distinct().sorted()
                .map(n -> -n).toArray();
        this.prefixLastChars = new long[2 * prefixLengths.length];
        for (String p : pre.keySet()) {
            int k = 0;
            while (prefixLengths[k] != p.length()) {
                k++;
            }
            char c = p.charAt(p.length() - 1);
            prefixLastChars[2 * k + (c >>> 6)] |= 1L << c;
        }
        int whole = 0;
        for (String k : ex.keySet()) {
            whole = Math.max(whole, k.length());
        }
        for (String k : sl.keySet()) {
            whole = Math.max(whole, k.length());
        }
        this.maxWhole = whole;
        this.wholeLengths = new long[(whole >>> 6) + 1];
        for (Map<String, CompiledRule> m : List.of(ex, sl)) {
            for (String k : m.keySet()) {
                wholeLengths[k.length() >>> 6] |= 1L << k.length();
            }
        }
        this.exact = new RegionMap<>(ex, PathHash::of);
        this.prefixes = new RegionMap<>(pre, PathHash::of);
        this.slashed = new RegionMap<>(sl, PathHash::of);
        this.regexes = new RegexTier<>(rs);
        Map<String, RouteResult> hits = new HashMap<>();
        for (Map.Entry<String, CompiledRule> e : ex.entrySet()) {
            String path = e.getKey();
            if (RequestTarget.plain(path) == path.length()) {
                hits.put(path, new RouteResult.Matched(listener, e.getValue().config(), domain.text(), path, ""));
            }
        }
        this.plainExactHits = new RegionMap<>(hits);
    }

    /**
     * The answer when the request-target is exactly the path of an {@code =} rule of this server that is a plain
     * request-target, else null. The equality is the whole validation: the rule's path passed the boundary's check
     * when the table was built.
     */
    RouteResult plainExactHit(String target) {
        RegionMap<RouteResult> hits = plainExactHits;
        return hits.isEmpty() ? null : hits.get(target, 0, target.length(), target.hashCode());
    }

    DomainSpec domain() {
        return domain;
    }

    List<CompiledRule> rules() {
        return rules;
    }

    /** As {@link #find(String, int)} on the whole of {@code path}. */
    CompiledRule find(String path) {
        return find(path, path.length());
    }

    /**
     * nginx's location search on the normalized path {@code s[0, n)}. Returns the deciding rule, or null for no
     * match. When the returned rule is an {@code =}/prefix rule longer than the path, the decision is the
     * trailing-slash redirect (see {@link #tierOf}). The order of the steps below is {@link UrlTier}'s.
     */
    CompiledRule find(String s, int n) {
        // only a key of the path's length can be equal to it: hash it, and probe, only then
        boolean whole = n <= maxWhole && (wholeLengths[n >>> 6] & 1L << n) != 0;
        int hash = whole ? PathHash.of(s, n) : 0;
        if (whole) {
            CompiledRule e = exact.get(s, 0, n, hash);
            if (e != null) {
                return e; // EXACT
            }
        }
        CompiledRule longest = longestPrefix(s, n);
        if (whole && (longest == null || longest.pathLength() != n)) {
            CompiledRule slash = slashed.get(s, 0, n, hash);
            if (slash != null) {
                return slash; // TRAILING_SLASH
            }
        }
        if (regexes.size() == 0) {
            return longest; // PREFIX (or STOP_PREFIX: the same rule when there is no regex to stop)
        }
        if (longest != null && ((UrlSpec.Prefix) longest.url()).stopsRegex()) {
            return longest; // STOP_PREFIX
        }
        CompiledRule re = regexes.first(n == s.length() ? s : s.substring(0, n));
        return re != null ? re : longest; // REGEX, else PREFIX
    }

    /**
     * The longest prefix rule that {@code s[0, n)} starts with, or null: one probe per configured length that fits
     * and whose rules can end with the path's char there, longest first, the first hit ending the search.
     */
    private CompiledRule longestPrefix(String s, int n) {
        int[] lengths = prefixLengths;
        int k = 0;
        while (k < lengths.length && lengths[k] > n) {
            k++;
        }
        k = nextCandidate(s, k);
        if (k == lengths.length) {
            return null;
        }
        int[] w = PathHash.WEIGHTS;
        int top = lengths[k];
        int h = PathHash.of(s, top);
        while (true) {
            CompiledRule p = prefixes.get(s, 0, top, h);
            if (p != null) {
                return p;
            }
            k = nextCandidate(s, k + 1);
            if (k == lengths.length) {
                return null;
            }
            int next = lengths[k];
            for (int i = next; i < top; i++) {
                h -= s.charAt(i) * w[i];
            }
            top = next;
        }
    }

    /** The first {@code j >= k} such that some prefix rule of length {@code prefixLengths[j]} ends with that char of s. */
    private int nextCandidate(String s, int k) {
        int[] lengths = prefixLengths;
        long[] last = prefixLastChars;
        int j = k;
        while (j < lengths.length) {
            char c = s.charAt(lengths[j] - 1);
            if (c < 0x80 && (last[2 * j + (c >>> 6)] & 1L << c) != 0) {
                return j;
            }
            j++;
        }
        return j;
    }

    /** The tier in which {@code rule}, returned by {@link #find} for {@code path}, decided. */
    static UrlTier tierOf(CompiledRule rule, String path) {
        return tierOf(rule, path.length());
    }

    /** The tier in which {@code rule}, returned by {@link #find} for a path of this length, decided. */
    static UrlTier tierOf(CompiledRule rule, int pathLength) {
        return redirects(rule, pathLength) ? UrlTier.TRAILING_SLASH : rule.tier();
    }

    /** Whether {@code rule}, returned by {@link #find} for a path of this length, is a trailing-slash redirect. */
    static boolean redirects(CompiledRule rule, int pathLength) {
        return rule.pathLength() > pathLength;
    }
}
