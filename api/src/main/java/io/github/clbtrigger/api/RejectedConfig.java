package io.github.clbtrigger.api;

/** The data plane refused a configuration; the control plane restores the file and reports {@code FailedOperation}. */
public final class RejectedConfig extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why, quoted to the API caller (no secrets, no stack trace)
     */
    public RejectedConfig(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message why, quoted to the API caller
     * @param cause   the data plane's exception, for the server log
     */
    public RejectedConfig(String message, Throwable cause) {
        super(message, cause);
    }
}
