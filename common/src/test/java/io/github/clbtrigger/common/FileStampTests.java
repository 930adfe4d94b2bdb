package io.github.clbtrigger.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStampTests {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsMissingAndARenamedReplacementChangesTheStamp() throws Exception {
        Path file = dir.resolve("clb.json");
        assertThat(FileStamp.of(file)).isEqualTo("missing");
        Files.writeString(file, "{}");
        String first = FileStamp.of(file);
        assertThat(FileStamp.of(file)).isEqualTo(first);
        Path temp = Files.writeString(dir.resolve("clb.json.tmp"), "{}");
        Files.setLastModifiedTime(temp, Files.getLastModifiedTime(file));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertThat(FileStamp.of(file)).as("same time and size, another inode").isNotEqualTo(first);
    }
}
