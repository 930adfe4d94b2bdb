package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** nginx's request-target normalization, case by case as verified against nginx 1.22, and its properties. */
class RequestTargetTests {
    private static String normalized(String target) {
        RequestTarget.Parsed p = RequestTarget.parse(target);
        if (p instanceof RequestTarget.Parsed.Ok ok) {
            String s = bytes(ok.path()) + " ? " + ok.query();
            return ok.host().isEmpty() ? s : s.stripTrailing() + " @ " + ok.host();
        }
        return "400";
    }

    /** A byte string with bytes outside visible ASCII and backslash as {@code \xNN}. */
    private static String bytes(String b) {
        StringBuilder sb = new StringBuilder();
        for (char c : b.toCharArray()) {
            sb.append(c > 0x20 && c < 0x7f && c != '\\' ? String.valueOf(c)
                    : String.format(java.util.Locale.ROOT, "\\x%02X", (int) c));
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /a/./b//c/../d      | "/a/b/d ? "
            /a%2F..%2Fb         | "/b ? "
            /a%2F%2Fb/..        | "/a/ ? "
            /a%2fb              | "/a/b ? "
            /a%25%32%46         | "/a%2F ? "
            /a%2541             | "/a%41 ? "
            /a%3Fb?c#d          | "/a?b ? c"
            /a#b?c              | "/a ? "
            /a?b#c              | "/a ? b"
            /a?                 | "/a ? "
            /a?x=%zz            | "/a ? x=%zz"
            /a?x/../b           | "/a ? x/../b"
            /a/..               | "/ ? "
            /a/.                | "/a/ ? "
            /.                  | "/ ? "
            /./                 | "/ ? "
            /a/..?x             | "/ ? x"
            /a/...              | "/a/... ? "
            /a/..x              | "/a/..x ? "
            /a/.hidden          | "/a/.hidden ? "
            /a%2e               | "/a. ? "
            /a/b%2F..%2F..      | "/ ? "
            //a//b//            | "/a/b/ ? "
            /a\\..\\b           | "/a\\x5C..\\x5Cb ? "
            /a;x=1/b            | "/a;x=1/b ? "
            /a+b                | "/a+b ? "
            /a%20b              | "/a\\x20b ? "
            /a%0Ab              | "/a\\x0Ab ? "
            /%C3%A9             | "/\\xC3\\xA9 ? "
            http://R1.X/path    | "/path ? @ r1.x"
            http://r1.x         | "/ ? @ r1.x"
            http://r1.x?q       | "/ ? q @ r1.x"
            HTTP://R1.X:8080    | "/ ? @ r1.x"
            ftp://r1.x/abc      | "/abc ? @ r1.x"
            http://[::1]:80/a   | "/a ? @ [::1]"
            /..                 | 400
            //..                | 400
            /.%2e/              | 400
            /%2e%2e/a           | 400
            /a/b/../../..       | 400
            /a%00               | 400
            /a%zz               | 400
            /a%2                | 400
            /a%                 | 400
            /a b                | 400
            *                   | 400
            example.com:80      | 400
            a/b                 | 400
            http://a_b.x/a      | 400
            http://u@r1.x/a     | 400
            http://r1.x:ab/a    | 400
            http://x.y/../a     | 400
            http:/a             | 400
            http:               | 400
            http:///a           | 400
            """)
    void normalizesAsNginx(String target, String expected) {
        assertThat(normalized(target.replace("\\\\", "\\"))).isEqualTo(expected.replace("\\\\", "\\"));
    }

    @Test
    void controlCharactersAndOverlongTargetsAreRefused() {
        assertThat(RequestTarget.parse("/a\u0001")).isInstanceOf(RequestTarget.Parsed.Bad.class);
        assertThat(RequestTarget.parse("/a\u007f")).isInstanceOf(RequestTarget.Parsed.Bad.class);
        assertThat(RequestTarget.parse("/a\tb")).isInstanceOf(RequestTarget.Parsed.Bad.class);
        assertThat(RequestTarget.parse("/" + "a".repeat(RequestTarget.MAX_LENGTH))).isInstanceOf(RequestTarget.Parsed.Bad.class);
        assertThat(RequestTarget.parse("/" + "a".repeat(RequestTarget.MAX_LENGTH - 1)))
                .isInstanceOf(RequestTarget.Parsed.Ok.class);
    }

    @Test
    void aPlainTargetIsReturnedWithoutCopying() {
        String target = "/api/v1/users";
        assertThat(((RequestTarget.Parsed.Ok) RequestTarget.parse(target)).path()).isSameAs(target);
    }

    /** Normalizing the normalized path (its bytes escaped back into wire text) changes nothing. */
    @Test
    void normalizationIsIdempotent() {
        qt().withExamples(5000).forAll(integers().between(0, 1000),
                        lists().of(integers().between(0, 10_000)).ofSizeBetween(0, 12))
                .checkAssert((form, tokens) -> {
                    RequestTarget.Parsed first = RequestTarget.parse(Generated.target(form, tokens));
                    if (first instanceof RequestTarget.Parsed.Ok ok) {
                        RequestTarget.Parsed again = RequestTarget.parse(Bytes.escape(ok.path()));
                        assertThat(again).isInstanceOfSatisfying(RequestTarget.Parsed.Ok.class,
                                a -> assertThat(a.path()).isEqualTo(ok.path()));
                    }
                });
    }

    /** A normalized path starts with '/', holds no '//', no '.' or '..' segment, and no NUL. */
    @Test
    void normalizedPathsAreCanonical() {
        qt().withExamples(5000).forAll(integers().between(0, 1000),
                        lists().of(integers().between(0, 10_000)).ofSizeBetween(0, 12))
                .checkAssert((form, tokens) -> {
                    if (RequestTarget.parse(Generated.target(form, tokens)) instanceof RequestTarget.Parsed.Ok ok) {
                        String p = ok.path();
                        assertThat(p).startsWith("/").doesNotContain("//", "/./", "/../", "\u0000");
                        assertThat(p).doesNotEndWith("/.").doesNotEndWith("/..");
                    }
                });
    }
}
