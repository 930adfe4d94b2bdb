package io.github.clbtrigger.functions;

/**
 * One function's state now, for readiness probes and gauges: whether it can take an invocation, how many run, and
 * how many times its {@code Bootstrap} process was launched. Read from live state when
 * {@link Snapshot#status()} is called; nothing is kept to answer it.
 *
 * @param namespace   the {@code Namespace}
 * @param name        the {@code FunctionName}
 * @param qualifier   the {@code Qualifier}
 * @param bootstrap   whether it is an HTTP function launched from a {@code Bootstrap} (only those can be not ready)
 * @param ready       {@code false} while its bootstrap does not accept connections (starting, restarting after it
 *                    exited, or failing to launch); always {@code true} for every other kind
 * @param inFlight    invocations running now
 * @param launches    how many times its bootstrap was launched (0 for other kinds); each one after the first is a
 *                    restart
 */
public record FunctionStatus(String namespace, String name, String qualifier, boolean bootstrap, boolean ready,
        int inFlight, int launches) {

    /**
     * The name logs and metrics use, {@code namespace/name:qualifier}.
     *
     * @return the display name
     */
    public String displayName() {
        return namespace + "/" + name + ":" + qualifier;
    }
}
