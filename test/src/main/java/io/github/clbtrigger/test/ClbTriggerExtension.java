package io.github.clbtrigger.test;

import io.github.clbtrigger.cli.ClbServer;
import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.matcher.ConfigProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link ClbTrigger}: starts a {@link ClbServer} for the annotated class (or each of its
 * tests), keeps it in the extension store of the context that started it (nested classes find it through their
 * parents' stores), resolves {@link ClbClient}, {@link ClbServer} and {@link ClbHarness} parameters, and closes
 * what it started in the matching after-callback (not through the store, so every JUnit 5 version closes it).
 */
final class ClbTriggerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ClbTriggerExtension.class);
    private static final String KEY = "clb";

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ClbTrigger own = testClass.getAnnotation(ClbTrigger.class);
        if (own != null && own.lifecycle() == ClbTrigger.Lifecycle.PER_CLASS) {
            context.getStore(NAMESPACE).put(KEY, Running.start(own, testClass));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        nearest(context.getRequiredTestClass())
                .filter(a -> a.lifecycle() == ClbTrigger.Lifecycle.PER_METHOD)
                .ifPresent(a -> context.getStore(NAMESPACE).put(KEY,
                        Running.start(a, context.getRequiredTestClass())));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ClbClient.class || type == ClbServer.class || type == ClbHarness.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).get(KEY, Running.class);
        if (running == null) {
            throw new ParameterResolutionException("no CLB server is running for " + parameter.getDeclaringExecutable()
                    + ": with @ClbTrigger(lifecycle = PER_METHOD) it exists only in test methods and @BeforeEach/"
                    + "@AfterEach");
        }
        Class<?> type = parameter.getParameter().getType();
        return type == ClbClient.class ? running.client : type == ClbServer.class ? running.server
                : running.harness();
    }

    private static void close(ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).remove(KEY, Running.class);
        if (running != null) {
            running.close();
        }
    }

    /** The annotation on the class, or on the nearest enclosing class carrying one. */
    private static Optional<ClbTrigger> nearest(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            ClbTrigger a = c.getAnnotation(ClbTrigger.class);
            if (a != null) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** One started server, its client, and (made when first asked for) a harness over the same configuration. */
    static final class Running implements AutoCloseable {
        final ClbServer server;
        final ClbClient client;
        private final Config config;
        private final URLClassLoader handlers;   // null: the test's class path
        private final Set<CustomHeader> customHeaders;
        private ClbHarness harness;

        private Running(ClbServer server, Config config, URLClassLoader handlers, Set<CustomHeader> customHeaders) {
            this.server = server;
            this.customHeaders = customHeaders;
            this.client = ClbClient.of(server);
            this.config = config;
            this.handlers = handlers;
        }

        static Running start(ClbTrigger annotation, Class<?> testClass) {
            Config config = Config.find(annotation.config(), testClass);
            List<Path> classpath = new ArrayList<>();
            for (String entry : annotation.classpath()) {
                classpath.add(Path.of(entry));
            }
            ClbServer.Builder builder = config.file != null ? ClbServer.builder().configFile(config.file)
                    : ClbServer.builder().config(config.text);
            Set<CustomHeader> customHeaders = customHeaders(annotation);
            builder.classpath(classpath).port(0).debug(annotation.debug()).customHeaders(customHeaders);
            for (String assignment : annotation.ports()) {
                int eq = assignment.lastIndexOf('=');
                try {
                    builder.port(assignment.substring(0, eq).strip(),
                            Integer.parseInt(assignment.substring(eq + 1).strip()));
                } catch (RuntimeException e) {
                    throw new ExtensionConfigurationException("@ClbTrigger ports: \"" + assignment
                            + "\" is not ListenerId=port (0 to 65535)", e);
                }
            }
            ClbServer server;
            try {
                server = builder.start();
            } catch (ClbServer.StartException e) {
                StringBuilder message = new StringBuilder("@ClbTrigger(config = \"" + annotation.config() + "\"): "
                        + e.getMessage());
                for (ConfigProblem problem : e.problems()) {
                    message.append("\n  ").append(problem);
                }
                throw e.configError() ? new ExtensionConfigurationException(message.toString(), e)
                        : new IllegalStateException(message.toString(), e);
            }
            URLClassLoader handlers = null;
            if (!classpath.isEmpty()) {
                List<URL> urls = new ArrayList<>();
                for (Path p : classpath) {
                    try {
                        urls.add(p.toUri().toURL());
                    } catch (IOException e) {
                        server.close();
                        throw new UncheckedIOException(e);
                    }
                }
                handlers = new URLClassLoader(urls.toArray(URL[]::new), testClass.getClassLoader());
            }
            return new Running(server, config, handlers, customHeaders);
        }

        private static Set<CustomHeader> customHeaders(ClbTrigger annotation) {
            Set<CustomHeader> headers = EnumSet.noneOf(CustomHeader.class);
            for (String name : annotation.customHeaders()) {
                headers.add(CustomHeader.byName(name.strip()).orElseThrow(() -> new ExtensionConfigurationException(
                        "@ClbTrigger customHeaders: unknown header \"" + name
                                + "\" (expected X-Vip, X-Vport, X-Uri, X-Method or X-Real-Port)")));
            }
            return headers;
        }

        synchronized ClbHarness harness() {
            if (harness == null) {
                ClbHarness.Builder b = config.file != null ? ClbHarness.builder().configFile(config.file)
                        : ClbHarness.builder().config(config.text);
                if (handlers != null) {
                    b.classLoader(handlers);
                }
                harness = b.customHeaders(customHeaders).build();
            }
            return harness;
        }

        @Override
        public synchronized void close() {
            try {
                server.close();
            } finally {
                if (harness != null) {
                    harness.close();
                }
                if (handlers != null) {
                    try {
                        handlers.close();
                    } catch (IOException e) {
                        // a class loader over local files: nothing to do
                    }
                }
            }
        }
    }

    /** Where a {@code @ClbTrigger} configuration is: a file (relative paths in it then work), or text. */
    record Config(Path file, String text) {
        static Config find(String name, Class<?> testClass) {
            String resource = name.startsWith("/") ? name.substring(1) : name;
            ClassLoader loader = testClass.getClassLoader();
            URL url = loader == null ? null : loader.getResource(resource);
            try {
                if (url != null && url.getProtocol().equals("file")) {
                    return new Config(Path.of(url.toURI()), null);
                }
                if (url != null) {
                    try (InputStream in = url.openStream()) {
                        return new Config(null, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException | URISyntaxException e) {
                throw new ExtensionConfigurationException("@ClbTrigger: cannot read " + url + ": " + e, e);
            }
            Path file = Path.of(name);
            if (Files.isRegularFile(file)) {
                return new Config(file, null);
            }
            throw new ExtensionConfigurationException("@ClbTrigger(config = \"" + name + "\"): neither a class path "
                    + "resource nor a file (working directory " + Path.of("").toAbsolutePath() + ")");
        }
    }
}
