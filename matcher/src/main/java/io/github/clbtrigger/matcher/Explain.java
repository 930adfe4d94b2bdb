package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.List;

/** Candidate listings for {@link RouteTable#explain}: every rule of a tier that matches, by plain scanning. */
final class Explain {
    private Explain() {
    }

    static boolean matches(DomainSpec d, String host) {
        if (d instanceof DomainSpec.Exact x) {
            return host.equals(x.text());
        }
        if (d instanceof DomainSpec.LeadingWildcard w) {
            return host.endsWith(w.suffix());
        }
        if (d instanceof DomainSpec.TrailingWildcard w) {
            return host.startsWith(w.prefix()) && host.length() > w.prefix().length();
        }
        return RegexTier.find(((DomainSpec.Regex) d).pattern(), host);
    }

    static String urlCandidates(Server server, String path) {
        List<String> out = new ArrayList<>();
        CompiledRule longest = null;
        for (CompiledRule r : server.rules()) {
            UrlSpec u = r.url();
            if (u instanceof UrlSpec.Exact e) {
                if (e.path().equals(path)) {
                    out.add("exact " + r.describe());
                } else if (e.path().equals(path + "/")) {
                    out.add("trailing-slash " + r.describe());
                }
            } else if (u instanceof UrlSpec.Prefix p) {
                if (path.startsWith(p.path()) && (longest == null
                        || p.path().length() > ((UrlSpec.Prefix) longest.url()).path().length())) {
                    longest = r;
                }
                if (p.path().equals(path + "/")) {
                    out.add("trailing-slash " + r.describe());
                }
            }
        }
        if (longest != null) {
            out.add("longest prefix " + longest.describe());
        }
        for (CompiledRule r : server.rules()) {
            if (r.url() instanceof UrlSpec.Regex re && RegexTier.find(re.pattern(), path)) {
                out.add("regex " + r.describe());
            }
        }
        return out.isEmpty() ? "none" : String.join("; ", out);
    }
}
