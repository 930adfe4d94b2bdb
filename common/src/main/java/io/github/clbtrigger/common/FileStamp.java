package io.github.clbtrigger.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What tells a watched file's versions apart without reading it: modification time, size and file key (the inode,
 * which an atomic rename changes). The API's store and {@code clb serve}'s watch compare these to notice an edit.
 */
public final class FileStamp {

    /** The stamp of a file that cannot be read. */
    public static final String MISSING = "missing";

    private FileStamp() {
    }

    /**
     * The file's stamp now.
     *
     * @param file the file
     * @return {@code millis/size/fileKey}, or {@link #MISSING} when the file cannot be read
     */
    public static String of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return MISSING;
        }
    }
}
