package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One domain of a listener with its URL rules (an nginx {@code server} block). Immutable; lookups allocate nothing.
 *
 * <p>Index (the decision itself is {@link #find}): {@code =} rules in a hash map keyed by the whole path; prefix
 * rules in a hash map keyed by their path, probed once per distinct configured prefix length while the request path
 * is hashed in one pass (the longest hit is the longest prefix); the trailing-slash targets (rules named
 * {@code /abc/}) keyed by their name without the slash; the regex rules in configuration order. A lookup costs one
 * pass over the path plus a few probes, whatever the number of rules.
 */
final class Server {
    private final DomainSpec domain;
    private final List<CompiledRule> rules;
    private final RegionMap<CompiledRule> exact;
    private final RegionMap<CompiledRule> prefixes;
    private final RegionMap<CompiledRule> slashed;
    /** {@code prefixLength[n]}: some prefix rule is {@code n} characters long. */
    private final boolean[] prefixLength;
    private final int maxPrefix;
    /** Whether a lookup needs the hash of the whole path (there are {@code =} rules or trailing-slash targets). */
    private final boolean wholePath;
    private final RegexTier<CompiledRule> regexes;

    Server(DomainSpec domain, List<CompiledRule> rules) {
        this.domain = domain;
        this.rules = List.copyOf(rules);
        Map<String, CompiledRule> ex = new HashMap<>();
        Map<String, CompiledRule> pre = new HashMap<>();
        Map<String, CompiledRule> sl = new HashMap<>();
        List<RegexTier.Entry<CompiledRule>> rs = new ArrayList<>();
        int max = 0;
        for (CompiledRule r : rules) {
            if (r.url() instanceof UrlSpec.Exact e) {
                ex.put(e.path(), r);
            } else if (r.url() instanceof UrlSpec.Prefix p) {
                pre.put(p.path(), r);
                max = Math.max(max, p.path().length());
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
        boolean[] lengths = new boolean[max + 1];
        for (String p : pre.keySet()) {
            lengths[p.length()] = true;
        }
        this.exact = new RegionMap<>(ex);
        this.prefixes = new RegionMap<>(pre);
        this.slashed = new RegionMap<>(sl);
        this.prefixLength = lengths;
        this.maxPrefix = max;
        this.wholePath = !ex.isEmpty() || !sl.isEmpty();
        this.regexes = new RegexTier<>(rs);
    }

    DomainSpec domain() {
        return domain;
    }

    List<CompiledRule> rules() {
        return rules;
    }

    /** As {@link #find(String, int, int)} on the whole of {@code path}. */
    CompiledRule find(String path) {
        return find(path, path.length(), path.hashCode());
    }

    /**
     * nginx's location search on the normalized path {@code s[0, n)}, whose {@link RegionMap#hash} is {@code hash}
     * (the boundary computed it on its pass). Returns the deciding rule, or null for no
     * match. When the returned rule is an {@code =}/prefix rule longer than the path, the decision is the
     * trailing-slash redirect (see {@link #tierOf}). The order of the steps below is {@link UrlTier}'s.
     */
    CompiledRule find(String s, int n, int hash) {
        int h = 0;
        CompiledRule longest = null;
        int longestLength = 0;
        boolean[] lengths = prefixLength;
        int m = Math.min(n, maxPrefix);
        int i = 0;
        while (i < m) {
            h = 31 * h + s.charAt(i++);
            if (lengths[i]) {
                CompiledRule p = prefixes.get(s, 0, i, h);
                if (p != null) {
                    longest = p;
                    longestLength = i;
                }
            }
        }
        if (wholePath) {
            CompiledRule e = exact.get(s, 0, n, hash);
            if (e != null) {
                return e; // EXACT
            }
            if (longestLength != n) {
                CompiledRule slash = slashed.get(s, 0, n, hash);
                if (slash != null) {
                    return slash; // TRAILING_SLASH
                }
            }
        }
        if (longest != null && ((UrlSpec.Prefix) longest.url()).stopsRegex()) {
            return longest; // STOP_PREFIX
        }
        if (regexes.size() == 0) {
            return longest; // PREFIX
        }
        CompiledRule re = regexes.first(n == s.length() ? s : s.substring(0, n));
        return re != null ? re : longest; // REGEX, else PREFIX
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
