package io.github.clbtrigger.functions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the {@code Functions} section, parsed and checked: one record per way to run a function, each with the
 * function's identity ({@link FunctionKey}), its {@link Limits} and its environment. Immutable; {@code equals} keeps
 * a running runtime across a reload when its entry did not change.
 */
sealed interface FunctionSpec {

    String DEFAULT_NAMESPACE = "default";
    String DEFAULT_QUALIFIER = "$LATEST";
    int DEFAULT_PORT = 8000;

    /** {@return the key rules refer to the function by} */
    FunctionKey key();

    /** {@return the limits every kind has} */
    Limits limits();

    /** {@return the function's {@code Environment.Variables}} */
    Map<String, String> environment();

    /** {@return the {@code FunctionName}} */
    default String name() {
        return key().name();
    }

    /** {@return what the logs and metrics call this function: {@code namespace/name:qualifier}} */
    default String displayName() {
        return key().toString();
    }

    /** {@return the {@code Timeout} in seconds} */
    default int timeoutSeconds() {
        return limits().timeoutSeconds();
    }

    /**
     * The I/O timeout of a call to a function served over HTTP: its Timeout and one second more. The Timeout itself
     * is the deadline's ({@link LimitedFunction}: a 504, and the call cancelled); the I/O timeout is only a backstop,
     * so that it never turns a timeout into a 502.
     */
    default Duration ioTimeout() {
        return Duration.ofSeconds(limits().timeoutSeconds() + 1L);
    }

    /** Checks what every kind has, and returns the environment, copied. */
    private static Map<String, String> common(FunctionKey key, Limits limits, Map<String, String> environment) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limits, "limits");
        return Map.copyOf(environment);
    }

    /**
     * {@code Timeout} (seconds), {@code MemorySize} (MB, reported, not enforced) and {@code MaxConcurrency}.
     *
     * @param timeoutSeconds 1 to 900
     * @param memoryMb       64 to 65536
     * @param maxConcurrency 1 to 100,000
     */
    record Limits(int timeoutSeconds, int memoryMb, int maxConcurrency) {
        /** SCF's defaults: Timeout 3 s, MemorySize 128 MB, MaxConcurrency 128. */
        static final Limits DEFAULTS = new Limits(3, 128, 128);
    }

    /** A {@link ClbFunction} registered in code under this name; its entry, when there is one, sets the limits. */
    record Registered(FunctionKey key, Limits limits, Map<String, String> environment) implements FunctionSpec {
        public Registered {
            environment = common(key, limits, environment);
        }
    }

    /** An SCF Java handler, {@code package.Class::method}, called on a thread of this JVM. */
    record ScfHandler(FunctionKey key, Limits limits, Map<String, String> environment, String handler)
            implements FunctionSpec {
        public ScfHandler {
            environment = common(key, limits, environment);
            Objects.requireNonNull(handler, "handler");
        }
    }

    /** An event function served elsewhere: the event JSON is POSTed to {@code url}. */
    record RemoteEvent(FunctionKey key, Limits limits, Map<String, String> environment, URI url)
            implements FunctionSpec {
        public RemoteEvent {
            environment = common(key, limits, environment);
            Objects.requireNonNull(url, "url");
        }
    }

    /** A FunctionGraph HTTP function launched from {@code bootstrap} (absolute), listening on 127.0.0.1:{@code port}. */
    record HttpBootstrap(FunctionKey key, Limits limits, Map<String, String> environment, Path bootstrap, int port)
            implements FunctionSpec {
        public HttpBootstrap {
            environment = common(key, limits, environment);
            Objects.requireNonNull(bootstrap, "bootstrap");
        }
    }

    /** A FunctionGraph HTTP function already listening at {@code url}. */
    record HttpUrl(FunctionKey key, Limits limits, Map<String, String> environment, URI url) implements FunctionSpec {
        public HttpUrl {
            environment = common(key, limits, environment);
            Objects.requireNonNull(url, "url");
        }
    }
}
