package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.CustomHeader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        List<Path> handlerClasspath,        // non-empty: each Handler function gets its own URLClassLoader over these
        String projectId,
        String region) {

    Settings {
        listeners = Map.copyOf(listeners);
        customHeaders = Set.copyOf(customHeaders);
        functions = Map.copyOf(functions);
        handlerClasspath = List.copyOf(handlerClasspath);
    }
}
