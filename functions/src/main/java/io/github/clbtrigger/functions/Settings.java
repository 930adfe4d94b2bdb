package io.github.clbtrigger.functions;

import io.github.clbtrigger.codec.CustomHeader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The fixed settings of a {@link Functions}, from its builder. */
record Settings(
        int maxRequestBodyBytes,
        int maxResponseBytes,
        Duration startupTimeout,
        Set<CustomHeader> customHeaders,
        Map<String, ClbFunction> functions, // registered by name
        ClassLoader classLoader,
        List<Path> handlerClasspath,        // non-empty: each Handler function gets its own URLClassLoader over these
        String projectId,
        String region,
        Consumer<InvocationRecord> observer) {   // null: none

    Settings {
        customHeaders = Set.copyOf(customHeaders);
        functions = Map.copyOf(functions);
        handlerClasspath = List.copyOf(handlerClasspath);
    }
}
