package io.github.clbtrigger.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The command line's log format: one line per record, Jetty's own chatter at WARNING and above only. */
final class Logging {
    private Logging() {}

    /** Held so the JUL logger (weakly referenced by the LogManager) keeps its level. */
    private static Logger jetty;

    static void configure() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return; // the user configured logging: leave it alone
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
        }
        jetty = Logger.getLogger("org.eclipse.jetty");
        jetty.setLevel(Level.WARNING);
    }
}
