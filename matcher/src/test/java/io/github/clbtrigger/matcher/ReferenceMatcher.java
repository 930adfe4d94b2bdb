package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The naive oracle: for each request, list every candidate rule with its documented priority key, sort, take the
 * first. No index, no trie, no prefilter — the plain reading of CLB's and nginx's rules that the fast
 * {@link RouteTable} must agree with. It shares only the boundary (normalization of Host and request-target) and
 * the spec parsers with the table.
 */
final class ReferenceMatcher {
    private final ListenerConfig listener;

    ReferenceMatcher(ListenerConfig listener) {
        this.listener = listener;
    }

    /** One candidate: a priority key (tier, then a tie-break) and what it stands for. */
    private record Candidate<T>(int tier, int tieBreak, int order, T value) {
    }

    private static <T> Optional<T> first(List<Candidate<T>> cs) {
        return cs.stream()
                .sorted(Comparator.<Candidate<T>>comparingInt(Candidate::tier)
                        .thenComparingInt(Candidate::tieBreak)
                        .thenComparingInt(Candidate::order))
                .map(Candidate::value)
                .findFirst();
    }

    String route(String host, String target) {
        RequestTarget.Parsed parsed = RequestTarget.parse(target);
        if (parsed instanceof RequestTarget.Parsed.Bad) {
            return "400";
        }
        RequestTarget.Parsed.Ok ok = (RequestTarget.Parsed.Ok) parsed;
        String h = null;
        if (host != null) {
            HostName.Checked c = HostName.check(host);
            if (c instanceof HostName.Checked.Invalid) {
                return "400";
            }
            h = ((HostName.Checked.Valid) c).host();
        }
        if (!ok.host().isEmpty()) {
            h = ok.host();
        }
        Optional<String> domain = domain(h);
        if (domain.isEmpty()) {
            return "404";
        }
        return url(domain.get(), ok.path(), ok.query());
    }

    /** The chosen domain's text: the documented tiers, else the default domain. */
    private Optional<String> domain(String host) {
        List<Candidate<String>> cs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String flagged = null;
        String firstDomain = null;
        for (RuleConfig r : listener.rules()) {
            for (int i = 0; i < r.domains().size(); i++) {
                DomainSpec d = DomainSpec.parse(r.domains().get(i));
                if (i == 0 && firstDomain == null) {
                    firstDomain = d.text();
                }
                if (i == 0 && r.defaultServer() && flagged == null) {
                    flagged = d.text();
                }
                if (seen.contains(d.text())) {
                    continue;
                }
                int order = seen.size();
                seen.add(d.text());
                if (host == null) {
                    continue;
                }
                if (d instanceof DomainSpec.Exact x && host.equals(x.text())) {
                    cs.add(new Candidate<>(0, 0, order, d.text()));
                } else if (d instanceof DomainSpec.LeadingWildcard w && host.endsWith(w.suffix())) {
                    cs.add(new Candidate<>(1, -w.suffix().length(), order, d.text()));
                } else if (d instanceof DomainSpec.TrailingWildcard w && host.startsWith(w.prefix())
                        && host.length() > w.prefix().length()) {
                    cs.add(new Candidate<>(2, -w.prefix().length(), order, d.text()));
                } else if (d instanceof DomainSpec.Regex re && RegexTier.find(re.pattern(), host)) {
                    cs.add(new Candidate<>(3, 0, order, d.text()));
                }
            }
        }
        Optional<String> hit = first(cs);
        if (hit.isPresent()) {
            return hit;
        }
        return Optional.ofNullable(flagged != null ? flagged : firstDomain);
    }

    private String url(String domain, String path, String query) {
        List<Candidate<String>> cs = new ArrayList<>();
        List<RuleConfig> rules = new ArrayList<>();
        for (RuleConfig r : listener.rules()) {
            for (String d : r.domains()) {
                if (DomainSpec.parse(d).text().equals(domain)) {
                    rules.add(r);
                }
            }
        }
        boolean named = false;
        RuleConfig longest = null;
        int longestLength = -1;
        boolean longestStops = false;
        for (RuleConfig r : rules) {
            UrlSpec u = UrlSpec.parse(r.url());
            if (u instanceof UrlSpec.Exact e && e.path().equals(path)
                    || u instanceof UrlSpec.Prefix p && p.path().equals(path)) {
                named = true;
            }
        }
        for (int order = 0; order < rules.size(); order++) {
            RuleConfig r = rules.get(order);
            UrlSpec u = UrlSpec.parse(r.url());
            if (u instanceof UrlSpec.Exact e) {
                if (e.path().equals(path)) {
                    cs.add(new Candidate<>(UrlTier.EXACT.ordinal(), 0, order, r.locationId()));
                } else if (!named && e.path().equals(path + "/")) {
                    cs.add(new Candidate<>(UrlTier.TRAILING_SLASH.ordinal(), 0, order, redirect(path, query)));
                }
            } else if (u instanceof UrlSpec.Prefix p) {
                if (path.startsWith(p.path()) && p.path().length() > longestLength) {
                    longest = r;
                    longestLength = p.path().length();
                    longestStops = p.stopsRegex();
                }
                if (!named && p.path().equals(path + "/")) {
                    cs.add(new Candidate<>(UrlTier.TRAILING_SLASH.ordinal(), 0, order, redirect(path, query)));
                }
            } else if (u instanceof UrlSpec.Regex re && RegexTier.find(re.pattern(), path)) {
                cs.add(new Candidate<>(UrlTier.REGEX.ordinal(), 0, order, r.locationId()));
            }
        }
        if (longest != null) {
            UrlTier t = longestStops ? UrlTier.STOP_PREFIX : UrlTier.PREFIX;
            cs.add(new Candidate<>(t.ordinal(), 0, 0, longest.locationId()));
        }
        return first(cs).orElse("404");
    }

    private static String redirect(String path, String query) {
        return "301 " + Bytes.escape(path) + "/" + (query.isEmpty() ? "" : "?" + Bytes.escapeQuery(query));
    }
}
