package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.List;

/**
 * One domain of a listener with its URL rules (an nginx {@code server} block): a trie of {@code =} and prefix rules
 * and the regex rules in configuration order. Immutable.
 */
final class Server {
    private final DomainSpec domain;
    private final List<CompiledRule> rules;
    private final PathTrie trie;
    private final RegexTier<CompiledRule> regexes;

    Server(DomainSpec domain, List<CompiledRule> rules) {
        this.domain = domain;
        this.rules = List.copyOf(rules);
        this.trie = PathTrie.of(rules);
        List<RegexTier.Entry<CompiledRule>> rs = new ArrayList<>();
        for (CompiledRule r : rules) {
            if (r.url() instanceof UrlSpec.Regex re) {
                rs.add(new RegexTier.Entry<>(re.pattern(), re.caseInsensitive(), r));
            }
        }
        this.regexes = new RegexTier<>(rs);
    }

    DomainSpec domain() {
        return domain;
    }

    List<CompiledRule> rules() {
        return rules;
    }

    /**
     * nginx's location search on a normalized path. Returns the deciding rule, or null for no match. When the
     * returned rule is an {@code =}/prefix rule longer than {@code path}, the decision is the trailing-slash
     * redirect (see {@link #tierOf}).
     */
    CompiledRule find(String path) {
        PathTrie.Node n = trie.root();
        CompiledRule longest = null;
        int len = path.length();
        int i = 0;
        while (i < len) {
            if (n.prefix != null) {
                longest = n.prefix;
            }
            n = n.child(path.charAt(i));
            if (n == null) {
                break;
            }
            i++;
        }
        if (n != null) {
            if (n.exact != null) {
                return n.exact;
            }
            if (n.prefix != null) {
                longest = n.prefix;
            } else {
                PathTrie.Node slash = n.child('/');
                if (slash != null) {
                    if (slash.exact != null) {
                        return slash.exact;
                    }
                    if (slash.prefix != null) {
                        return slash.prefix;
                    }
                }
            }
        }
        if (longest != null && ((UrlSpec.Prefix) longest.url()).stopsRegex()) {
            return longest;
        }
        CompiledRule re = regexes.first(path);
        return re != null ? re : longest;
    }

    /** The tier in which {@code rule}, returned by {@link #find} for {@code path}, decided. */
    static UrlTier tierOf(CompiledRule rule, String path) {
        UrlSpec u = rule.url();
        String name = u instanceof UrlSpec.Exact e ? e.path() : u instanceof UrlSpec.Prefix p ? p.path() : null;
        if (name != null && name.length() > path.length()) {
            return UrlTier.TRAILING_SLASH;
        }
        return rule.tier();
    }
}
