package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link PrefixTable#longest} is the naive "longest key the path starts with", on generated key sets (many sharing
 * prefixes, lengths from 1 to the 200-char maximum, sets large enough to wrap around the probe table) and paths made
 * of the same pieces, with chars above 0x7F and near misses.
 */
class PrefixTableTests {
    private static final List<String> PIECES = List.of("/", "a", "b", "/a", "/ab", "/api", "/v1", ".", "-", "_", "=",
            ":", "?", "A", "0", "9", "\u00e9", "\u0100", "/svc", "x".repeat(60));
    private static final Gen<List<Integer>> KEYS = lists().of(integers().between(0, 1_000_000)).ofSizeBetween(0, 300);
    private static final Gen<List<Integer>> PATH = lists().of(integers().between(0, 1000)).ofSizeBetween(0, 8);

    /** A key or path: '/' and then pieces (a key keeps only ASCII pieces); at most {@code max} chars. */
    private static String text(List<Integer> pieces, int salt, boolean key, int max) {
        StringBuilder sb = new StringBuilder("/");
        for (int p : pieces) {
            String piece = PIECES.get((p + salt) % PIECES.size());
            if (!key || piece.charAt(0) < 0x80) {
                sb.append(piece);
            }
        }
        return sb.length() > max ? sb.substring(0, max) : sb.toString();
    }

    private static CompiledRule rule(int n, String path) {
        RuleConfig config = new RuleConfig("loc-" + n, List.of("example.com"), path, false, List.of());
        return new CompiledRule(config, UrlSpec.parse(path), n);
    }

    private static CompiledRule naive(Map<String, CompiledRule> keys, String s, int n) {
        CompiledRule best = null;
        for (Map.Entry<String, CompiledRule> e : keys.entrySet()) {
            String k = e.getKey();
            if (k.length() <= n && s.startsWith(k) && (best == null || k.length() > best.pathLength())) {
                best = e.getValue();
            }
        }
        return best;
    }

    @Test
    void longestIsTheLongestKeyThePathStartsWith() {
        qt().withExamples(1500).forAll(KEYS, PATH, integers().between(0, 1000), integers().between(0, 1000))
                .checkAssert((codes, path, salt, cut) -> {
                    Map<String, CompiledRule> keys = new HashMap<>();
                    for (int code : codes) {
                        String k = text(List.of(code % 97, code / 97 % 89, code / 8633 % 53, code / 458_000),
                                code % 7, true, code % 11 == 0 ? UrlSpec.MAX_LENGTH : 1 + code % 12);
                        keys.putIfAbsent(k, rule(keys.size(), k));
                    }
                    PrefixTable table = new PrefixTable(keys);
                    String s = text(path, salt, false, 260);
                    if (!keys.isEmpty() && salt % 3 == 0) { // a key itself, and the key with more after it
                        String k = keys.keySet().iterator().next();
                        s = salt % 2 == 0 ? k : k + s;
                    }
                    int n = cut % 4 == 0 ? cut % (s.length() + 1) : s.length();
                    assertThat(table.longest(s, n)).as("path %s[0, %d) keys %s", s, n, keys.keySet())
                            .isEqualTo(naive(keys, s, n));
                });
    }

    @Test
    void everyKeyFindsItselfAndNoShorterKeyShadowsIt() {
        Map<String, CompiledRule> keys = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String k = "/svc" + i + "/api";
            keys.put(k, rule(i, k));
            keys.put(k.substring(0, 5), rule(10_000 + i, k.substring(0, 5)));
        }
        PrefixTable table = new PrefixTable(keys);
        for (int i = 0; i < 10_000; i++) {
            String s = "/svc" + i + "/api/users/" + i;
            assertThat(table.longest(s, s.length())).as(s).isSameAs(keys.get("/svc" + i + "/api"));
            String miss = "/svc" + i + "/web/index";
            assertThat(table.longest(miss, miss.length())).as(miss).isSameAs(keys.get(miss.substring(0, 5)));
        }
    }
}
