package io.github.clbtrigger.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serves a CLB configuration for a JUnit 5 test class: the real frontend of {@code clb serve} ({@code ClbServer}),
 * in-process, every HTTP/HTTPS listener on a free port, started before the class's tests (or each test) and stopped
 * after. Test methods, constructors and lifecycle methods take, as parameters, a {@link ClbClient} for its
 * listeners, the running {@code io.github.clbtrigger.cli.ClbServer} itself (ports, URIs), and a {@link ClbHarness}
 * over the same configuration for in-memory checks.
 *
 * <pre>{@code
 * @ClbTrigger(config = "clb.json")
 * class HelloTests {
 *     @Test
 *     void greets(ClbClient clb) {
 *         assertEquals(200, clb.post("/hello", "{\"name\":\"Ada\"}").status());
 *     }
 * }
 * }</pre>
 *
 * <p>A {@code @Nested} class shares its enclosing class's server unless it carries a {@code @ClbTrigger} of its own.
 * {@code Handler} classes load from the test's class path, unless {@link #classpath()} names jars or folders.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ClbTriggerExtension.class)
public @interface ClbTrigger {

    /**
     * The configuration: a class path resource (looked up first, e.g. {@code clb.json} under
     * {@code src/test/resources}), else a file path, relative to the working directory.
     *
     * @return the configuration's resource name or path
     */
    String config();

    /**
     * Jars and class folders of the {@code Handler} classes, each function in a class loader of its own over them;
     * empty (the default) loads them from the test's class path.
     *
     * @return the paths
     */
    String[] classpath() default {};

    /**
     * Ports for some listeners, as {@code "ListenerId=port"}, e.g. {@code "lbl-http=18080"}; every other listener
     * gets a free port.
     *
     * @return the port assignments
     */
    String[] ports() default {};

    /**
     * The optional CLB headers events carry, as {@code clb serve --custom-headers}: {@code X-Vip},
     * {@code X-Vport}, {@code X-Uri}, {@code X-Method}, {@code X-Real-Port}; default none, as CLB.
     *
     * @return the header names
     */
    String[] customHeaders() default {};

    /**
     * Whether error responses carry their reason in a header, as {@code clb serve --debug}; default off, as CLB.
     *
     * @return {@code true} to send reasons
     */
    boolean debug() default false;

    /**
     * When the server starts and stops.
     *
     * @return the lifecycle; default {@link Lifecycle#PER_CLASS}
     */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /** When the server of a {@link ClbTrigger} starts and stops. */
    enum Lifecycle {
        /** Once for the test class: started before its first test, stopped after its last. */
        PER_CLASS,
        /** For every test method: a fresh server (and fresh functions) each time. */
        PER_METHOD
    }
}
