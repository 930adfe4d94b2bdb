package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled routes of one layer-7 listener: its domains (nginx {@code server} blocks) indexed by tier, and its
 * default server. Immutable.
 *
 * <p>Index: exact names in a hash map; {@code *.example.com} under its suffix {@code .example.com}, probed at each
 * dot of the Host from the left (the first hit is the longest); {@code www.example.*} under its prefix
 * {@code www.example.}, probed at each dot from the right; regexes in configuration order behind a literal-prefix
 * filter. Probes are regions of the Host string, hashed on the way ({@link #match(String, int, int)}), and allocate
 * nothing.
 */
final class ListenerRoutes {
    private final ListenerConfig listener;
    private final List<Server> servers;
    private final Server defaultServer;
    private final RegionMap<Server> exact;
    private final RegionMap<Server> leading;
    private final RegionMap<Server> trailing;
    private final RegexTier<Server> regexes;
    /**
     * The servers of the exact domains that are plain Hosts ({@link HostName#plain} takes all of the name), keyed by
     * {@link String#hashCode}: a Host equal to one is valid and normalized by that equality, and picks that server.
     */
    private final RegionMap<Server> plainExact;

    /** Compiles a listener that {@link ConfigValidator} accepted. */
    ListenerRoutes(ListenerConfig listener) {
        this.listener = listener;
        Map<String, DomainSpec> specs = new LinkedHashMap<>();
        Map<String, List<CompiledRule>> rulesByDomain = new LinkedHashMap<>();
        String flagged = null;
        String first = null;
        List<RuleConfig> rules = listener.rules();
        for (int j = 0; j < rules.size(); j++) {
            RuleConfig r = rules.get(j);
            UrlSpec url = UrlSpec.parse(r.url());
            for (int di = 0; di < r.domains().size(); di++) {
                DomainSpec d = DomainSpec.parse(r.domains().get(di));
                specs.putIfAbsent(d.text(), d);
                rulesByDomain.computeIfAbsent(d.text(), k -> new ArrayList<>()).add(new CompiledRule(r, url, j));
                if (di == 0 && first == null) {
                    first = d.text();
                }
                if (di == 0 && r.defaultServer() && flagged == null) {
                    flagged = d.text();
                }
            }
        }
        Map<String, Server> byText = new LinkedHashMap<>();
        Map<String, Server> ex = new HashMap<>();
        Map<String, Server> lead = new HashMap<>();
        Map<String, Server> trail = new HashMap<>();
        List<RegexTier.Entry<Server>> res = new ArrayList<>();
        for (Map.Entry<String, DomainSpec> e : specs.entrySet()) {
            Server s = new Server(listener, e.getValue(), rulesByDomain.get(e.getKey()));
            byText.put(e.getKey(), s);
            if (e.getValue() instanceof DomainSpec.Exact x) {
                ex.put(x.text(), s);
            } else if (e.getValue() instanceof DomainSpec.LeadingWildcard w) {
                lead.put(w.suffix(), s);
            } else if (e.getValue() instanceof DomainSpec.TrailingWildcard w) {
                trail.put(w.prefix(), s);
            } else if (e.getValue() instanceof DomainSpec.Regex re) {
                res.add(new RegexTier.Entry<>(re.pattern(), re.caseInsensitive(), s));
            }
        }
        this.servers = List.copyOf(byText.values());
        String def = flagged != null ? flagged : first;
        this.defaultServer = def == null ? null : byText.get(def);
        this.exact = new RegionMap<>(ex);
        Map<String, Server> plain = new HashMap<>();
        for (Map.Entry<String, Server> e : ex.entrySet()) {
            if ((int) HostName.plain(e.getKey()) == e.getKey().length()) {
                plain.put(e.getKey(), e.getValue());
            }
        }
        this.plainExact = new RegionMap<>(plain);
        this.leading = new RegionMap<>(lead);
        this.trailing = new RegionMap<>(trail);
        this.regexes = new RegexTier<>(res);
    }

    /** The same routes, named by {@code equal}, a listener equal to this one's (a later parse of the same text). */
    private ListenerRoutes(ListenerRoutes same, ListenerConfig equal) {
        this.listener = equal;
        this.servers = same.servers;
        this.defaultServer = same.defaultServer;
        this.exact = same.exact;
        this.leading = same.leading;
        this.trailing = same.trailing;
        this.regexes = same.regexes;
        this.plainExact = same.plainExact;
    }

    /**
     * These routes held by {@code equal}, a listener equal to {@link #listener()} (not checked): what a table compiled
     * from a new parse keeps, so that the next table made from that parse recognizes its listener by identity rather
     * than by walking its rules. Answers keep naming the first listener object, which is equal.
     */
    ListenerRoutes heldBy(ListenerConfig equal) {
        return equal == listener ? this : new ListenerRoutes(this, equal);
    }

    ListenerConfig listener() {
        return listener;
    }

    List<Server> servers() {
        return servers;
    }

    /** The default server, or null for a listener without rules. */
    Server defaultServer() {
        return defaultServer;
    }

    /** {@code 31 * INVERSE_OF_31 == 1} in {@code int} arithmetic (modulo 2^32). */
    private static final int INVERSE_OF_31 = 0xBDEF7BDF;

    /** {@code 31^n} in {@code int} arithmetic. */
    private static int pow31(int n) {
        int result = 1;
        int base = 31;
        for (int e = n; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }

    /**
     * The server of the exact domain that {@code host} is equal to, when that domain is a plain Host, else null. The
     * equality is the whole validation: the domain passed the boundary's check when the table was built, and an
     * exact domain comes first in nginx's priority.
     */
    Server plainExactHost(String host) {
        RegionMap<Server> m = plainExact;
        return m.isEmpty() ? null : m.get(host, 0, host.length(), host.hashCode());
    }

    /** The server whose domain matches the normalized {@code host} by nginx's priority, or null if none does. */
    Server match(String host) {
        return match(host, host.length(), host.hashCode());
    }

    /**
     * The server whose domain matches the normalized host {@code s[0, len)}, whose {@link RegionMap#hash} is
     * {@code hash}, by nginx's priority (exact, longest leading wildcard, longest trailing wildcard, first regex), or
     * null if none does. One pass left to right derives the hash of every suffix starting at a dot from {@code hash}
     * (leading wildcards: the leftmost hit is the longest, and ends the pass); one pass left to right hashes every prefix ending at a dot (trailing wildcards: the
     * rightmost hit is the longest). Each pass runs only when the tiers before it found nothing and its tier has
     * domains.
     */
    Server match(String s, int len, int hash) {
        Server found = exact.isEmpty() ? null : exact.get(s, 0, len, hash);
        if (found != null) {
            return found;
        }
        if (!leading.isEmpty()) {
            // left to right, so the first hit is the longest: the hash of the suffix s[i, len) is
            // hash - prefixHash(i) * 31^(len - i), and 31 is invertible modulo 2^32
            int prefix = 0;
            int power = pow31(len);
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c == '.') {
                    Server l = leading.get(s, i, len, hash - prefix * power);
                    if (l != null) {
                        return l;
                    }
                }
                prefix = 31 * prefix + c;
                power *= INVERSE_OF_31;
            }
        }
        if (!trailing.isEmpty()) {
            int h = 0;
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                h = 31 * h + c;
                if (c == '.') {
                    Server t = trailing.get(s, 0, i + 1, h);
                    if (t != null) {
                        found = t;
                    }
                }
            }
            if (found != null) {
                return found;
            }
        }
        return regexes.size() == 0 ? null : regexes.first(len == s.length() ? s : s.substring(0, len));
    }
}
