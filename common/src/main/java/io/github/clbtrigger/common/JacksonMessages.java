package io.github.clbtrigger.common;

import java.util.regex.Pattern;

/**
 * Jackson's parse-error messages made fit for a person: without the placeholder Jackson writes for the redacted source
 * when it says where an error is ({@code [Source: REDACTED (...); line: 1, column: 39]} becomes
 * {@code [line: 1, column: 39]}). Takes the message as text, so that this module needs no Jackson. Internal: see the
 * package documentation.
 */
public final class JacksonMessages {

    private static final Pattern REDACTED_SOURCE = Pattern.compile("\\[Source: REDACTED \\([^)]*\\); ");

    private JacksonMessages() {
    }

    /**
     * Removes Jackson's redacted-source placeholder.
     *
     * @param originalMessage Jackson's {@code getOriginalMessage()} (or {@code getMessage()})
     * @return the message without the placeholder; {@code null} stays {@code null}
     */
    public static String scrub(String originalMessage) {
        return originalMessage == null ? null : REDACTED_SOURCE.matcher(originalMessage).replaceAll("[");
    }
}
