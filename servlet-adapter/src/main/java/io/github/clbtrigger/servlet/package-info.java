/**
 * The servlet adapter: {@link io.github.clbtrigger.servlet.ClbTriggerFilter}, a Jakarta Servlet 6 filter that makes
 * any container (Jetty, Tomcat, Undertow, ...) a faithful local stand-in for Tencent Cloud Load Balancer in front of
 * serverless functions, and the function runtimes it calls.
 *
 * <p>Public surface: {@link io.github.clbtrigger.servlet.ClbTriggerFilter} and its
 * {@link io.github.clbtrigger.servlet.ClbTriggerFilter.Builder}, {@link io.github.clbtrigger.servlet.ClbFunction}
 * (an in-process function), {@link io.github.clbtrigger.servlet.FunctionContext} (what a function is told), and
 * {@link io.github.clbtrigger.servlet.TriggerMetrics} (counters per rule and function). Everything else is
 * package-private and final.
 *
 * <p>Function kinds, from the configuration's {@code Functions} section (SCF CreateFunction field names):
 * <ul>
 *   <li>{@code Handler: "package.Class::method"} or a registered {@code ClbFunction}: in-process Java;</li>
 *   <li>{@code Type: "Event", Url}: the event JSON is POSTed to a function served elsewhere, any language;</li>
 *   <li>{@code Type: "HTTP", Bootstrap}: a FunctionGraph HTTP function launched and supervised by the filter;</li>
 *   <li>{@code Type: "HTTP", Url}: a FunctionGraph HTTP function already running.</li>
 * </ul>
 * {@code Timeout} (seconds, default 3), {@code MemorySize} (MB, default 128, reported) and {@code MaxConcurrency}
 * (default 128) apply to every kind. See {@code docs/servlet.md} for the configuration reference and status table.
 */
package io.github.clbtrigger.servlet;
