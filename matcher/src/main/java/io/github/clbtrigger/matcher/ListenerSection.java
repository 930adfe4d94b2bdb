package io.github.clbtrigger.matcher;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.List;

/**
 * Reads a member of each listener that the matcher does not model (clb-trigger's {@code Keystore}, say) in the same
 * pass as the listeners and rules: with the same bounded parser, its problems reported with theirs. See
 * {@link LoadBalancerConfig#parse(String, java.util.Map, java.util.Map)}.
 */
@FunctionalInterface
public interface ListenerSection {

    /**
     * Reads the member's value.
     *
     * @param parser   at the value's first token; the reader leaves it at the value's last token (reading it whole,
     *                 or skipping what it does not read with {@link JsonParser#skipChildren()})
     * @param path     the member's JSON path, such as {@code $.Listeners[1].Keystore}
     * @param listener the index its listener has in {@link LoadBalancerConfig#listeners()} when the configuration
     *                 parses without problems (a configuration with problems is not returned)
     * @param problems where the reader adds what is wrong, each with its CLB error code and JSON path; it throws
     *                 only for what the parser throws (malformed JSON, a read limit)
     * @throws IOException from the parser
     */
    void read(JsonParser parser, String path, int listener, List<ConfigProblem> problems) throws IOException;
}
