package io.github.clbtrigger.cli;

import java.io.UncheckedIOException;
import java.util.Locale;

/** One-line, user-facing descriptions of failures: never a stack trace. */
final class Messages {
    private Messages() {}

    static String describe(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            message = cause.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    /** Folds a message onto one printable line, bounded, so hostile input cannot forge output lines. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 500));
        for (int i = 0; i < text.length() && out.length() < 500; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= 500 && text.length() > 500) {
            out.append("...");
        }
        return out.toString();
    }
}
