package io.github.clbtrigger.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.RegexPathSpec;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;

/**
 * A deterministic rule set of one kind and the requests that hit or miss it, in three equivalent forms: CLB
 * configuration JSON (for {@code RouteTable}), Jetty {@link PathMappings}, and {@code java.util.regex} patterns.
 *
 * <table>
 *   <caption>Rule {@code i} of each kind, and its hit and miss requests</caption>
 *   <tr><th>kind</th><th>CLB rule</th><th>hit</th><th>miss</th></tr>
 *   <tr><td>EXACT</td><td>{@code api.example.com} {@code =/svc<i>/v1/items}</td><td>{@code /svc<i>/v1/items}</td>
 *       <td>{@code /svc<i>/v1/nothing}</td></tr>
 *   <tr><td>PREFIX</td><td>{@code api.example.com} {@code /svc<i>/api}</td><td>{@code /svc<i>/api/users/42}</td>
 *       <td>{@code /svc<i>/web/index}</td></tr>
 *   <tr><td>WILDCARD_DOMAIN</td><td>{@code *.t<i>.example.com} {@code /}</td><td>host {@code app.t<i>.example.com}
 *       </td><td>host {@code app.u<i>.example.net}</td></tr>
 *   <tr><td>REGEX</td><td>{@code api.example.com} {@code ~ ^/r<i>/items/[0-9]+$}</td><td>{@code /r<i>/items/<n>}</td>
 *       <td>{@code /r<i>/other/<n>}</td></tr>
 * </table>
 * Jetty has no host matching; for WILDCARD_DOMAIN its mappings are prefix specs over the reversed host
 * ({@code /com/example/t<i>/*}) and its requests are reversed ahead of time, which flatters Jetty slightly.
 */
public enum Workload {
    EXACT, PREFIX, WILDCARD_DOMAIN, REGEX;

    /** The listener every rule set is on. */
    public static final String LISTENER = "lbl-bench";
    /** The Host of every rule that is not a wildcard domain. */
    public static final String HOST = "api.example.com";

    /** The CLB configuration of {@code n} rules of this kind on one HTTP listener. */
    public String config(int n) {
        StringBuilder sb = new StringBuilder(n * 160);
        sb.append("{\"LoadBalancerId\":\"lb-bench\",\"Listeners\":[{\"ListenerId\":\"").append(LISTENER)
                .append("\",\"Protocol\":\"HTTP\",\"Port\":8080,\"Rules\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String domain = this == WILDCARD_DOMAIN ? "*.t" + i + ".example.com" : HOST;
            String url = switch (this) {
                case EXACT -> "=/svc" + i + "/v1/items";
                case PREFIX -> "/svc" + i + "/api";
                case WILDCARD_DOMAIN -> "/";
                case REGEX -> "~ ^/r" + i + "/items/[0-9]+$";
            };
            sb.append("{\"LocationId\":\"loc-").append(i).append("\",\"Domain\":\"").append(domain)
                    .append("\",\"Url\":\"").append(url)
                    .append("\",\"FunctionTargets\":[{\"Function\":{\"FunctionNamespace\":\"default\","
                            + "\"FunctionName\":\"f\"},\"Weight\":100}]}");
        }
        return sb.append("]}]}").toString();
    }

    /** The same rules as Jetty path specs; the value is the rule index. */
    PathMappings<Integer> jetty(int n) {
        PathMappings<Integer> m = new PathMappings<>();
        for (int i = 0; i < n; i++) {
            PathSpec spec = switch (this) {
                case EXACT -> new ServletPathSpec("/svc" + i + "/v1/items");
                case PREFIX -> new ServletPathSpec("/svc" + i + "/api/*");
                case WILDCARD_DOMAIN -> new ServletPathSpec("/com/example/t" + i + "/*");
                case REGEX -> new RegexPathSpec("^/r" + i + "/items/[0-9]+$");
            };
            m.put(spec, i);
        }
        return m;
    }

    /** The same rules as {@code java.util.regex} patterns, matched against the path (or the host). */
    List<Pattern> patterns(int n) {
        List<Pattern> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Pattern.compile(switch (this) {
                case EXACT -> "^" + Pattern.quote("/svc" + i + "/v1/items") + "$";
                case PREFIX -> "^" + Pattern.quote("/svc" + i + "/api");
                case WILDCARD_DOMAIN -> "^.+" + Pattern.quote(".t" + i + ".example.com") + "$";
                case REGEX -> "^/r" + i + "/items/[0-9]+$";
            }));
        }
        return out;
    }

    /** Whether the scan patterns match the host rather than the path. */
    boolean byHost() {
        return this == WILDCARD_DOMAIN;
    }

    /** {@code count} requests over rules {@code 0..n-1}, chosen with a fixed seed: [host, target, jettyPath]. */
    public String[][] requests(int n, boolean hit, int count) {
        SplittableRandom random = new SplittableRandom(0x5EED + ordinal() * 31L + (hit ? 1 : 0));
        String[][] out = new String[count][];
        for (int k = 0; k < count; k++) {
            int i = random.nextInt(n);
            int num = random.nextInt(100_000);
            out[k] = switch (this) {
                case EXACT -> path(hit ? "/svc" + i + "/v1/items" : "/svc" + i + "/v1/nothing");
                case PREFIX -> path(hit ? "/svc" + i + "/api/users/" + num : "/svc" + i + "/web/index");
                case REGEX -> path(hit ? "/r" + i + "/items/" + num : "/r" + i + "/other/" + num);
                case WILDCARD_DOMAIN -> {
                    String host = hit ? "app.t" + i + ".example.com" : "app.u" + i + ".example.net";
                    yield new String[] {host, "/index", reversed(host)};
                }
            };
        }
        return out;
    }

    private static String[] path(String p) {
        return new String[] {HOST, p, p};
    }

    /** {@code app.t1.example.com} → {@code /com/example/t1/app}. */
    static String reversed(String host) {
        String[] labels = host.toLowerCase(Locale.ROOT).split("\\.");
        StringBuilder sb = new StringBuilder(host.length() + 1);
        for (int j = labels.length - 1; j >= 0; j--) {
            sb.append('/').append(labels[j]);
        }
        return sb.toString();
    }
}
