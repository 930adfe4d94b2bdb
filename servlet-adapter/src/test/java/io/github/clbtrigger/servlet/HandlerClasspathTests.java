package io.github.clbtrigger.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.clbtrigger.matcher.ConfigProblem;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code handlerClasspath}: each Handler function in a class loader of its own (what {@code clb serve --classpath} wants). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerClasspathTests {

    @TempDir
    Path dir;

    private Path classes;
    private ServletContainer container;
    private final HttpClient client = HttpClient.newHttpClient();

    /** Compiles {@code iso.Counter}, a handler with static state, into a directory not on the test class path. */
    @BeforeEach
    void compileHandler() throws Exception {
        Path src = dir.resolve("src/iso/Counter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package iso;
                public class Counter {
                    private static int calls;
                    public static synchronized String handle(String event) {
                        calls++;
                        return "{\\"statusCode\\": 200, \\"body\\": \\"" + calls + ":"
                                + System.identityHashCode(Counter.class) + "\\"}";
                    }
                }
                """);
        classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
        assertThat(rc).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    private static String config(String extraA) {
        return """
                {"LoadBalancerId": "lb-local", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
                 "Rules": [%s, %s]}],
                 "Functions": [{"FunctionName": "a", "Handler": "iso.Counter::handle"%s},
                               {"FunctionName": "b", "Handler": "iso.Counter::handle"}]}"""
                .formatted(ScenarioSuite.rule("loc-a", "/a", "a", true), ScenarioSuite.rule("loc-b", "/b", "b", false),
                        extraA);
    }

    private String body(URI base, String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void twoFunctionsOfOneClassNameGetTheirOwnClassAndStatics() throws Exception {
        ClbTriggerFilter filter = ClbTriggerFilter.builder().config(config("")).handlerClasspath(List.of(classes)).build();
        container = new Containers.JettyEe10();
        URI base = container.start(filter, new ScenarioSuite.AppServlet(), dir);
        String a1 = body(base, "/a");
        String a2 = body(base, "/a");
        String b1 = body(base, "/b");
        assertThat(a1).startsWith("1:");
        assertThat(a2).startsWith("2:");
        assertThat(b1).as("b has its own static counter").startsWith("1:");
        assertThat(b1.substring(2)).as("b has its own Class object").isNotEqualTo(a1.substring(2));
    }

    @Test
    void withoutIsolationTheSharedClassLoaderIsUsed() throws Exception {
        try (URLClassLoader shared = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            ClbTriggerFilter filter = ClbTriggerFilter.builder().config(config("")).classLoader(shared).build();
            container = new Containers.JettyEe10();
            URI base = container.start(filter, new ScenarioSuite.AppServlet(), dir);
            String a1 = body(base, "/a");
            String b1 = body(base, "/b");
            assertThat(a1).startsWith("1:");
            assertThat(b1).as("one class, one counter").startsWith("2:");
            assertThat(b1.substring(2)).isEqualTo(a1.substring(2));
        }
    }

    @Test
    void aFunctionReplacedByReloadGetsAFreshClassLoader() throws Exception {
        Path file = dir.resolve("clb.json");
        Files.writeString(file, config(""));
        ClbTriggerFilter filter = ClbTriggerFilter.builder().configFile(file).handlerClasspath(List.of(classes)).build();
        container = new Containers.JettyEe10();
        URI base = container.start(filter, new ScenarioSuite.AppServlet(), dir);
        assertThat(body(base, "/a")).startsWith("1:");
        assertThat(body(base, "/a")).startsWith("2:");
        Files.writeString(file, config(", \"Timeout\": 5"));
        assertThat(filter.reload()).isTrue();
        assertThat(body(base, "/a")).as("replaced: new loader, new statics").startsWith("1:");
        assertThat(body(base, "/b")).as("unchanged: kept").startsWith("1:");
        assertThat(body(base, "/b")).startsWith("2:");
    }

    @Test
    void aHandlerMissingFromTheClasspathFailsBuild() {
        assertThatThrownBy(() -> ClbTriggerFilter.builder().config(config("").replace("iso.Counter::handle\"}]",
                "iso.Missing::handle\"}]")).handlerClasspath(List.of(classes)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ConfigProblem.RESOURCE_NOT_FOUND + ": $.Functions[1].Handler: ")
                .hasMessageContaining("iso.Missing");
        assertThatThrownBy(() -> ClbTriggerFilter.builder().handlerClasspath(List.of(dir.resolve("nope"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such directory or file");
    }
}
