package io.github.clbtrigger.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * docs/testing.md shows real files: each code block follows a {@code <!-- snippet: PATH#TAG -->} line and must equal
 * the region of PATH between {@code tag::TAG[]} and {@code end::TAG[]} (common indentation removed). Those files are
 * this module's tests ({@code testing/}) and the consumer project, which the build compiles and runs; so every
 * snippet on the page is compiled and run.
 */
class TestingDocSnippetsTests {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DOC = ROOT.resolve("docs/testing.md");
    /** Other pages whose snippets (not all their code blocks) are real files. */
    static final List<Path> OTHER_DOCS = List.of(ROOT.resolve("docs/console.md"));
    static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");

    /** One code block of the doc, with the file region it claims to be. */
    record Snippet(String path, String tag, String code) {}

    static List<Snippet> snippets() throws IOException {
        return snippets(DOC);
    }

    static List<Snippet> snippets(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            assertThat(lines.get(i + 1)).as("the line after " + lines.get(i)).startsWith("```");
            int end = i + 2;
            while (!lines.get(end).equals("```")) {
                end++;
            }
            snippets.add(new Snippet(m.group(1), m.group(2), String.join("\n", lines.subList(i + 2, end))));
            i = end;
        }
        return snippets;
    }

    @TestFactory
    Stream<DynamicTest> everySnippetIsItsFilesRegion() throws IOException {
        List<Snippet> all = new ArrayList<>(snippets());
        for (Path doc : OTHER_DOCS) {
            all.addAll(snippets(doc));
        }
        return all.stream().map(s -> DynamicTest.dynamicTest(s.path() + "#" + s.tag(),
                () -> assertThat(s.code()).isEqualTo(region(ROOT.resolve(s.path()), s.tag()))));
    }

    @Test
    void everyCodeBlockIsASnippet() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int blocks = 0;
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                if (!inBlock) {
                    blocks++;
                    assertThat(lines.get(i - 1)).as("the marker before the code block at line " + (i + 1))
                            .matches(MARKER);
                }
                inBlock = !inBlock;
            }
        }
        assertThat(snippets()).hasSize(blocks).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theSnippetsTestFilesAreRunByThisBuild() {
        // the doc's test classes are in this module's test sources: surefire runs them with the rest
        assertThat(ROOT.resolve("samples/src/test/java/io/github/clbtrigger/samples/testing/HelloOverHttpTests.java"))
                .exists();
        assertThat(ROOT.resolve("samples/src/test/java/io/github/clbtrigger/samples/testing/HelloInMemoryTests.java"))
                .exists();
    }

    /** The lines between the tag's start and end markers, their common indentation removed. */
    static String region(Path file, String tag) throws IOException {
        List<String> region = new ArrayList<>();
        boolean on = false;
        boolean found = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.equals("// tag::" + tag + "[]") || t.equals("<!-- tag::" + tag + "[] -->")) {
                on = true;
                found = true;
            } else if (t.equals("// end::" + tag + "[]") || t.equals("<!-- end::" + tag + "[] -->")) {
                on = false;
            } else if (on) {
                region.add(line);
            }
        }
        assertThat(found).as("tag " + tag + " in " + file).isTrue();
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }
}
