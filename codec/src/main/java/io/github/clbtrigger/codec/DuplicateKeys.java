package io.github.clbtrigger.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Skips a JSON value while checking that no object in it repeats a member name. Iterative, so its depth is bounded
 * only by the parser's {@code maxNestingDepth}.
 */
final class DuplicateKeys {

    private DuplicateKeys() {
    }

    /**
     * Skips the value whose first token is the parser's current token.
     *
     * @return {@code null} when the value was skipped to its last token; otherwise the repeated name, with the parser
     *         left on that member's name
     */
    static String skipValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return null;
        }
        Deque<Set<String>> objects = new ArrayDeque<>();
        Set<String> none = Set.of();
        objects.push(token == JsonToken.START_OBJECT ? new HashSet<>() : none);
        while (!objects.isEmpty()) {
            token = parser.nextToken();
            if (token == null) {
                throw new JsonParseException(parser, "unexpected end of input");
            }
            switch (token) {
                case START_OBJECT:
                    objects.push(new HashSet<>());
                    break;
                case START_ARRAY:
                    objects.push(none);
                    break;
                case END_OBJECT:
                case END_ARRAY:
                    objects.pop();
                    break;
                case FIELD_NAME:
                    if (!objects.peek().add(parser.currentName())) {
                        return parser.currentName();
                    }
                    break;
                default:
                    break;
            }
        }
        return null;
    }
}
