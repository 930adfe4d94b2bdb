package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.CustomHeader;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** A filter's fixed settings, from its builder or init-params. */
record Settings(
        int maxRequestBodyBytes,
        int maxResponseBytes,
        Duration requestBodyTimeout,
        Duration startupTimeout,
        boolean answerNotFound,
        boolean debug,
        Map<String, String> listeners,      // "scheme:port" -> ListenerId
        Set<CustomHeader> customHeaders,
        Map<String, ClbFunction> functions, // registered by name
        ClassLoader classLoader,
        String projectId,
        String region) {

    Settings {
        listeners = Map.copyOf(listeners);
        customHeaders = Set.copyOf(customHeaders);
        functions = Map.copyOf(functions);
    }
}
