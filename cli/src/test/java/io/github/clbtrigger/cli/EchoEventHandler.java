package io.github.clbtrigger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A test event function that answers with the event it got, as its JSON body. */
public final class EchoEventHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EchoEventHandler() {
    }

    /**
     * The handler.
     *
     * @param event the CLB trigger event
     * @return an integration response whose body is {@code event}
     * @throws IOException never, in practice
     */
    public static String handle(String event) throws IOException {
        return "{\"statusCode\": 200, \"headers\": {\"Content-Type\": \"application/json\"}, \"body\": "
                + MAPPER.writeValueAsString(event) + "}";
    }
}
