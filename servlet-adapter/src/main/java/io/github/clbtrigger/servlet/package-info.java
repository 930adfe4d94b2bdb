/**
 * The servlet adapter: {@link io.github.clbtrigger.servlet.ClbTriggerFilter}, a Jakarta Servlet 6 filter that makes
 * any container (Jetty, Tomcat, Undertow, ...) a faithful local stand-in for Tencent Cloud Load Balancer in front of
 * serverless functions. It routes (the matcher), reads the body without blocking, hands the request to the
 * {@code functions} module, and writes the answer; the functions themselves run in
 * {@link io.github.clbtrigger.functions.Functions}.
 *
 * <p>Public surface: {@link io.github.clbtrigger.servlet.ClbTriggerFilter}, its
 * {@link io.github.clbtrigger.servlet.ClbTriggerFilterBuilder}, and what it hands a console
 * ({@link io.github.clbtrigger.servlet.RequestRecord}, {@link io.github.clbtrigger.servlet.ConfigChanges}).
 * Everything else is package-private and final. The
 * types a user of the filter also meets ({@code ClbFunction}, {@code FunctionContext}, {@code TriggerMetrics}) are
 * the {@code functions} module's. See {@code docs/servlet.md} for the configuration reference and status table.
 */
package io.github.clbtrigger.servlet;
