package io.github.clbtrigger.functions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the {@code Functions} section, parsed and validated: exactly one way to run it ({@link #kind()}),
 * limits in range. Immutable; {@code equals} is used to keep a running runtime across a hot reload when its entry
 * did not change.
 */
record FunctionSpec(
        String name,
        String namespace,
        String qualifier,
        Kind kind,
        String handler,          // IN_PROCESS with a Handler; null when a ClbFunction is registered by name
        URI url,                 // REMOTE_EVENT, HTTP_URL
        Path bootstrap,          // HTTP_BOOTSTRAP, absolute
        int port,                // HTTP_BOOTSTRAP
        int timeoutSeconds,
        int memoryMb,
        int maxConcurrency,
        Map<String, String> environment) {

    static final String DEFAULT_NAMESPACE = "default";
    static final String DEFAULT_QUALIFIER = "$LATEST";
    static final int DEFAULT_TIMEOUT_SECONDS = 3;
    static final int DEFAULT_MEMORY_MB = 128;
    static final int DEFAULT_MAX_CONCURRENCY = 128;
    static final int DEFAULT_PORT = 8000;

    /** How a function runs. */
    enum Kind {
        /** A Java handler or a registered {@link ClbFunction}, called on a thread of this JVM. */
        IN_PROCESS,
        /** An event function served elsewhere: the event JSON is POSTed to {@code Url}. */
        REMOTE_EVENT,
        /** A FunctionGraph HTTP function this frontend launches from {@code Bootstrap}. */
        HTTP_BOOTSTRAP,
        /** A FunctionGraph HTTP function already listening at {@code Url}. */
        HTTP_URL
    }

    FunctionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(kind, "kind");
        environment = Map.copyOf(environment);
    }

    /** The key rules refer to functions by. */
    FunctionKey key() {
        return new FunctionKey(namespace, name, qualifier);
    }

    /** What the logs and metrics call this function: {@code namespace/name:qualifier}. */
    /**
     * The I/O timeout of a call to a function served over HTTP: its Timeout and one second more. The Timeout itself
     * is the deadline's ({@link LimitedFunction}: a 504, and the call cancelled); the I/O timeout is only a backstop,
     * and firing first it turned a timeout into a 502.
     */
    Duration ioTimeout() {
        return Duration.ofSeconds(timeoutSeconds + 1L);
    }

    String displayName() {
        return key().toString();
    }
}
