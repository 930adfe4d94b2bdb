package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * Rules that {@link ReferenceMatcher} takes from the production code (it shares the Host and request-target
 * boundary, the spec parsers and {@link Bytes#escape}), each checked here against an oracle written from
 * docs/routing.md: the request-target normalization over any character (raw controls, space, DEL, non-ASCII) and
 * its query, the Host normalization table, the redirect {@code Location} escaping, and the domain and URL syntax.
 */
class BoundaryPropertiesTests {

    private static Gen<String> textFrom(List<String> pieces, int max) {
        return in -> {
            int n = (int) in.next(Constraint.between(0, max));
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) {
                s.append(pieces.get((int) in.next(Constraint.between(0, pieces.size() - 1))));
            }
            return s.toString();
        };
    }

    /** Whether the parser takes the text (it throws {@link InvalidSpec} for text it refuses). */
    private static boolean accepts(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (InvalidSpec e) {
            return false;
        }
    }

    private static String byteString(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Origin-form pieces: path text, escapes, dot segments, and single raw characters of every kind. */
    private static final List<String> TARGET_PIECES = List.of("/", "/", "a", "B", ".", "..", "/.", "/..", "//",
            "%2F", "%2e", "%41", "%7e", "%C3%A9", "%25", "%3F", "%23", "%0A", "%20", "%00", "%zz", "%", "%4", "?", "#",
            "&", "=", ";", "+", "\\", "\u00e9", "\u4e2d", " ", "\t", "\u0000", "\u0001", "\n", "\r", "\u001f",
            "\u007f", "\u0080", "\u00a0", "~", "\"", "'", "<", "{", "|", "^", "`");

    /**
     * The path nginx matches, from {@link RuleBypassPropertiesTests#nginxPath} (an independent reading of
     * {@code ngx_http_parse_complex_uri}), and the query: the raw bytes after the first {@code ?} up to a raw
     * {@code #}, never decoded. A raw control character, space or DEL anywhere is a 400.
     */
    @Test
    void originFormTargetsNormalizeAsNginxOverAnyCharacter() {
        qt().withExamples(4000).forAll(textFrom(TARGET_PIECES, 10)).checkAssert(rest -> {
            String target = "/" + rest;
            String path = RuleBypassPropertiesTests.nginxPath(target);
            RequestTarget.Parsed parsed = RequestTarget.parse(target);
            if (path == null) {
                assertThat(parsed).as(target).isInstanceOf(RequestTarget.Parsed.Bad.class);
                return;
            }
            String bytes = byteString(target);
            int q = bytes.indexOf('?');
            int f = bytes.indexOf('#');
            String query = q < 0 || f >= 0 && f < q ? "" : bytes.substring(q + 1, f > q ? f : bytes.length());
            assertThat(parsed).as(target).isEqualTo(new RequestTarget.Parsed.Ok(path, query, ""));
        });
    }

    /** docs/routing.md 1.1, written out: trim, refuse, drop port and one trailing dot, lower-case ASCII letters. */
    private static String expectedHost(String raw) {
        String h = raw.replaceAll("^[ \t]+|[ \t]+$", "");
        if (h.isEmpty()) {
            return "400";
        }
        h = byteString(h);
        for (char c : h.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c == ' ' || c == '/') {
                return "400";
            }
        }
        if (h.contains("..")) {
            return "400";
        }
        String name;
        if (h.startsWith("[")) {   // an IPv6 literal keeps its colons; without its ']' it runs to the end
            name = h.indexOf(']') > 0 ? h.substring(0, h.indexOf(']') + 1) : h;
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
        }
        // one trailing dot is dropped when it is the value's last dot: nginx's dot_pos also moves in the port, so
        // "a.:1.2" keeps "a." (ngx_http_validate_host)
        if (name.endsWith(".") && h.lastIndexOf('.') == name.length() - 1) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            return "400";
        }
        StringBuilder lower = new StringBuilder();
        name.chars().forEach(c -> lower.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c)));
        return lower.toString();
    }

    private static final List<String> HOST_PIECES = List.of("a", "Q", "z9", "-", "_", ".", ".", ":", ":80", "[",
            "]", "::1", " ", "\t", "/", "\u0001", "\u007f", "\u00c9", "\u00e9", "\u212a", "\u0130", "\\", "*", "%");

    @Test
    void hostsNormalizeAsTheDocumentedTable() {
        qt().withExamples(4000).forAll(textFrom(HOST_PIECES, 8)).checkAssert(raw -> {
            HostName.Checked c = HostName.check(raw);
            String got = c instanceof HostName.Checked.Valid v ? v.host() : "400";
            assertThat(got).as("[%s]", raw).isEqualTo(expectedHost(raw));
        });
    }

    /** URL rules ending in '/' whose name holds the URL charset, '?' included. */
    private static final List<String> URL_PIECES = List.of("a", "Z", "0", ".", "-", "_", "=", "?", ":", "/");
    private static final List<String> QUERY_PIECES = List.of("a", "=", "&", "%", "%2F", "?", "/", "..", "+", "~",
            "\u00e9", "\u4e2d", "\"", "<", "`", "{", "|", "^");

    /**
     * Rule {@code /name/}, request {@code /name?query}: 301 to the normalized path plus '/', then '?' and the query
     * when it is not empty; in the path every byte outside visible ASCII and '%', '?', '#' is {@code %XX} (upper-case
     * hex), in the query every byte outside visible ASCII (routing.md 3.1, "decision").
     */
    @Test
    void theTrailingSlashRedirectEscapesItsLocationAsDocumented() {
        qt().withExamples(2000).forAll(textFrom(URL_PIECES, 6), textFrom(QUERY_PIECES, 6), integers().between(0, 1))
                .checkAssert((name, query, withQuery) -> {
                    String path = ("/x" + name).replaceAll("/{2,}", "/");
                    if (!path.equals(RuleBypassPropertiesTests.nginxPath(path.replace("?", "%3F")))
                            || path.endsWith("/")) {
                        return;   // only paths that are their own normalized form
                    }
                    RouteTable table = RouteTable.compile(new LoadBalancerConfig("lb", List.of(new ListenerConfig(
                            "lbl", Protocol.HTTP, 80, List.of(new RuleConfig("loc-dir", List.of("a.com"), path + "/",
                                    false, List.of()))))));
                    String target = path.replace("?", "%3F") + (withQuery == 1 ? "?" + query : "");
                    StringBuilder location = new StringBuilder();
                    for (char c : path.toCharArray()) {
                        location.append(c > 0x20 && c < 0x7f && c != '%' && c != '?' && c != '#' ? String.valueOf(c)
                                : String.format(Locale.ROOT, "%%%02X", (int) c));
                    }
                    location.append('/');
                    if (withQuery == 1 && !query.isEmpty()) {
                        location.append('?');
                        for (char c : byteString(query).toCharArray()) {
                            location.append(c > 0x20 && c < 0x7f ? String.valueOf(c)
                                    : String.format(Locale.ROOT, "%%%02X", (int) c));
                        }
                    }
                    assertThat(table.route("lbl", "a.com", target)).as(target)
                            .isEqualTo(new RouteResult.Redirect(location.toString()));
                });
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");

    private static final List<String> DOMAIN_PIECES = List.of("a", "Z", "0", "-", "_", ".", ".", "*", "*.", ".*",
            "\u212a", "\u0130", "\u00e9", "\u017f", " ", "~");

    /**
     * A non-regex domain is accepted exactly when, with its ASCII letters lower-cased, it is a name, {@code *.name}
     * or {@code name.*} over {@code a-z 0-9 . - _}, 1-80 characters, not starting with '_' (routing.md 4); the rule's
     * domain is then that lower-cased text.
     */
    @Test
    void nonRegexDomainsAreAcceptedExactlyByTheDocumentedSyntax() {
        qt().withExamples(4000).forAll(textFrom(DOMAIN_PIECES, 8)).checkAssert(raw -> {
            if (raw.startsWith("~")) {
                return;   // regex domains: another grammar
            }
            StringBuilder lowered = new StringBuilder();
            raw.chars().forEach(c -> lowered.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c)));
            String d = lowered.toString();
            String name = d.startsWith("*.") ? d.substring(2) : d.endsWith(".*") ? d.substring(0, d.length() - 2) : d;
            boolean valid = !raw.isEmpty() && raw.length() <= 80 && !raw.startsWith("_")
                    && NAME.matcher(name).matches();
            String got;
            try {
                got = DomainSpec.parse(raw).text();
            } catch (InvalidSpec e) {
                got = null;
            }
            assertThat(got).as("[%s]", raw).isEqualTo(valid ? d : null);
        });
    }

    private static final List<String> URL_SYNTAX_PIECES = List.of("=", "^~", " ", " ", "\t", "\u2003", "\n", "/",
            "/", "a", "Z", "9", ".", "-", "_", "?", ":", "*", "%", "\u00e9", "~");

    /**
     * A non-regex URL is accepted exactly when it is {@code =} or {@code ^~} (or nothing), then spaces, then '/'
     * and the URL charset {@code a-z A-Z 0-9 . - _ / = ? :}, 1-200 characters (routing.md 4; UrlSpec's grammar:
     * {@code "=" *" " path}).
     */
    @Test
    void nonRegexUrlsAreAcceptedExactlyByTheDocumentedSyntax() {
        Pattern url = Pattern.compile("((=|\\^~) *)?/[a-zA-Z0-9._\\-/=?:]*");
        qt().withExamples(4000).forAll(textFrom(URL_SYNTAX_PIECES, 6)).checkAssert(raw -> {
            if (raw.startsWith("~")) {
                return;   // regex URLs: another grammar
            }
            boolean valid = !raw.isEmpty() && raw.length() <= 200 && url.matcher(raw).matches();
            assertThat(accepts(() -> UrlSpec.parse(raw))).as("[%s]", raw).isEqualTo(valid);
        });
    }
    /** Regex pieces: the modifiers, every allowed class of character, RE2/J syntax good and bad, and forbidden ones. */
    private static final List<String> REGEX_PIECES = List.of("~", "~", "*", " ", "\t", "^", "$", "/", ".", "a", "Z",
            "9", "-", "_", "=", "?", ":", "(", ")", "[", "]", "+", "|", "\\", "!", "&", "{", "}", "#", "%", "\u00e9",
            "(?=", "\\1", "[a-z]", "(x|y)", "\\d");

    /** Whether RE2/J compiles the pattern, the engine routing.md 4 names (no backreferences, no lookaround). */
    private static boolean compiles(String src, int flags) {
        try {
            com.google.re2j.Pattern.compile(src, flags);
            return true;
        } catch (com.google.re2j.PatternSyntaxException e) {
            return false;
        }
    }

    /**
     * A regex URL is accepted exactly when it is {@code ~} or {@code ~*}, spaces, then a non-empty pattern over
     * {@code a-z A-Z 0-9 . _ - / = ? ^ * $ : ( ) [ ] + |} that RE2/J compiles (case-insensitively for {@code ~*}),
     * 1-200 characters (routing.md 4).
     */
    @Test
    void regexUrlsAreAcceptedExactlyByTheDocumentedSyntax() {
        Pattern charset = Pattern.compile("[a-zA-Z0-9._\\-/=?^*$:()\\[\\]+|]+");
        qt().withExamples(4000).forAll(textFrom(REGEX_PIECES, 7)).checkAssert(rest -> {
            String raw = "~" + rest;
            boolean ci = rest.startsWith("*");
            String src = (ci ? rest.substring(1) : rest).replaceFirst("^ +", "");
            boolean valid = raw.length() <= 200 && charset.matcher(src).matches()
                    && compiles(src, ci ? com.google.re2j.Pattern.CASE_INSENSITIVE : 0);
            assertThat(accepts(() -> UrlSpec.parse(raw))).as("[%s]", raw).isEqualTo(valid);
        });
    }

    /**
     * A regex domain is accepted exactly when it is {@code ~} then a non-empty pattern over
     * {@code a-z A-Z 0-9 . - ? = _ + \ ^ * ! $ & | ( ) [ ]} that RE2/J compiles, 1-80 characters (routing.md 4).
     */
    @Test
    void regexDomainsAreAcceptedExactlyByTheDocumentedSyntax() {
        Pattern charset = Pattern.compile("[a-zA-Z0-9.\\-?=_+\\\\^*!$&|()\\[\\]]+");
        qt().withExamples(4000).forAll(textFrom(REGEX_PIECES, 7)).checkAssert(rest -> {
            String raw = "~" + rest;
            boolean valid = raw.length() <= 80 && charset.matcher(rest).matches() && compiles(rest, 0);
            assertThat(accepts(() -> DomainSpec.parse(raw))).as("[%s]", raw).isEqualTo(valid);
        });
    }
}
