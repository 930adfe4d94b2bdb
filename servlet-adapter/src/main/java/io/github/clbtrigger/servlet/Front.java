package io.github.clbtrigger.servlet;

import io.github.clbtrigger.functions.Functions;
import io.github.clbtrigger.functions.LiveConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What a filter serves with between its {@code init} and {@code destroy}: its fixed settings, its {@link Functions}
 * and the configuration they run ({@link LiveConfig}: where it comes from, and the lock that changes it).
 *
 * @param maxRequestBodyBytes the request-body limit; over it is 413
 * @param requestBodyTimeout  how long a client may take to send its body; then 408
 * @param answerNotFound      {@code true}: a request no rule matches gets CLB's 404; {@code false}: the chain
 * @param debug               whether the error reason goes out in {@value ClbTriggerFilter#DEBUG_HEADER}
 * @param listeners           {@code scheme:port} to ListenerId; empty: by the configuration's listeners
 * @param functions           the functions
 * @param config              the configuration the functions run, and how it changes
 * @param observer            the filter's request observer, or a {@code null} value for none (one volatile read per
 *                            answered request)
 */
record Front(int maxRequestBodyBytes, Duration requestBodyTimeout, boolean answerNotFound, boolean debug,
        Map<String, String> listeners, Functions functions, LiveConfig config,
        AtomicReference<Consumer<RequestRecord>> observer) {

    Front {
        listeners = Map.copyOf(listeners);
    }
}
