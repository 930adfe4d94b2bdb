package io.github.clbtrigger.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** The page's files, read once from this jar: the only names served, so no path from a request reaches a lookup. */
final class StaticFiles {

    record File(String contentType, byte[] bytes) {}

    private static final Map<String, File> FILES = Map.of(
            "", load("index.html", "text/html; charset=utf-8"),
            "console.css", load("console.css", "text/css; charset=utf-8"),
            "console.js", load("console.js", "text/javascript; charset=utf-8"),
            "favicon.svg", load("favicon.svg", "image/svg+xml"));

    private StaticFiles() {}

    static Optional<File> get(String name) {
        return Optional.ofNullable(FILES.get(name));
    }

    private static File load(String name, String contentType) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the jar");
            }
            return new File(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
