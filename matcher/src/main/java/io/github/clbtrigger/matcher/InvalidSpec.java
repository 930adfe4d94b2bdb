package io.github.clbtrigger.matcher;

/** Thrown inside the package when a domain or URL text is not a valid rule; becomes a {@link ConfigProblem}. */
final class InvalidSpec extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The CLB error code. */
    private final String code;

    InvalidSpec(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
