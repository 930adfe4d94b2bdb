package io.github.clbtrigger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code clb serve --ports-file}: the bound port of every listener as one JSON object, {@code {"lbl-http": 43121}},
 * in configuration order. Written to a temporary file in the same directory, then renamed over the target, so a
 * reader polling for the file never sees half of it.
 */
final class PortsFile {
    private PortsFile() {}

    static void write(Path file, Map<String, Integer> ports) throws IOException {
        StringBuilder json = new StringBuilder("{");
        ports.forEach((id, port) -> json.append(json.length() > 1 ? ", " : "").append(quote(id)).append(": ")
                .append(port));
        json.append("}\n");
        Path target = file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A ListenerId as a JSON string; ids are CLB's {@code lbl-...} tokens, escaped all the same. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
