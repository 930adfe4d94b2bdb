package io.github.clbtrigger.cli;

/** A test event function whose answer the decoder refuses: its statusCode is not an integer. */
public final class RefusedAnswerHandler {

    private RefusedAnswerHandler() {
    }

    /**
     * The handler.
     *
     * @param event the CLB trigger event (ignored)
     * @return an integration response with {@code "statusCode": "abc"}
     */
    public static String handle(String event) {
        return "{\"statusCode\": \"abc\", \"body\": \"x\"}";
    }
}
