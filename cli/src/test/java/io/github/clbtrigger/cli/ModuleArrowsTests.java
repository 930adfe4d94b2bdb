package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/design/modules.md true: its table says which clb-trigger packages each module may import, and no main
 * source file imports one its module may not.
 */
class ModuleArrowsTests {

    /** The repository: tests run in the module folder. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern ROW = Pattern.compile("^\\| ([a-z-]+) \\| `io\\.github\\.clbtrigger\\.([a-z]+)` \\| (.*) \\|$");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.github\\.clbtrigger\\.([a-z]+)\\.",
            Pattern.MULTILINE);
    private static final Pattern MODULE = Pattern.compile("<module>([a-z-]+)</module>");

    /** One row of the table: a module directory, its package, the clb-trigger packages it may import. */
    record Rule(String module, String pkg, Set<String> mayImport) {
    }

    static Map<String, Rule> rules(Path page) throws IOException {
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (String line : Files.readAllLines(page)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                Set<String> allowed = m.group(3).equals("—") ? Set.of()
                        : Arrays.stream(m.group(3).split(",")).map(String::trim).collect(Collectors.toSet());
                rules.put(m.group(1), new Rule(m.group(1), m.group(2), allowed));
            }
        }
        return rules;
    }

    /** Every import of a clb-trigger package a module's main code makes that its row does not allow. */
    static List<String> violations(Path root, Map<String, Rule> rules) {
        List<String> out = new ArrayList<>();
        for (Rule rule : rules.values()) {
            Path main = root.resolve(rule.module()).resolve("src/main/java");
            if (!Files.isDirectory(main)) {
                out.add(rule.module() + ": no src/main/java");
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                    Matcher m = IMPORT.matcher(read(file));
                    while (m.find()) {
                        String imported = m.group(1);
                        if (!imported.equals(rule.pkg()) && !rule.mayImport().contains(imported)) {
                            out.add(root.relativize(file) + " imports io.github.clbtrigger." + imported
                                    + ", which " + rule.module() + " may not");
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noModuleImportsAPackageThePageForbids() throws IOException {
        Map<String, Rule> rules = rules(ROOT.resolve("docs/design/modules.md"));
        assertThat(violations(ROOT, rules)).isEmpty();
    }

    @Test
    void thePageHasARowForEveryModuleWithCode() throws IOException {
        Map<String, Rule> rules = rules(ROOT.resolve("docs/design/modules.md"));
        Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            if (Files.isDirectory(ROOT.resolve(m.group(1)).resolve("src/main/java"))) {
                modules.add(m.group(1));
            }
        }
        assertThat(modules).isNotEmpty();
        assertThat(rules.keySet()).containsExactlyInAnyOrderElementsOf(modules);
    }

    @Test
    void anArrowThePageForbidsIsFound(@TempDir Path root) throws IOException {
        Path page = root.resolve("modules.md");
        Files.writeString(page, """
                | module | package | may import |
                | --- | --- | --- |
                | codec | `io.github.clbtrigger.codec` | common |
                | matcher | `io.github.clbtrigger.matcher` | — |
                """);
        write(root, "codec", "io/github/clbtrigger/codec/A.java", """
                package io.github.clbtrigger.codec;
                import io.github.clbtrigger.common.HttpTokens;
                import io.github.clbtrigger.codec.inner.B;
                final class A {}
                """);
        write(root, "matcher", "io/github/clbtrigger/matcher/C.java", """
                package io.github.clbtrigger.matcher;
                import static io.github.clbtrigger.codec.Json.MAPPER;
                // a comment naming io.github.clbtrigger.servlet.X imports nothing
                final class C {}
                """);
        assertThat(violations(root, rules(page)))
                .containsExactly("matcher/src/main/java/io/github/clbtrigger/matcher/C.java imports "
                        + "io.github.clbtrigger.codec, which matcher may not");
    }

    private static void write(Path root, String module, String path, String text) throws IOException {
        Path file = root.resolve(module).resolve("src/main/java").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
