/**
 * Runs the functions a CLB rule is bound to, with no servlet API: what a front end (the servlet filter, {@code clb
 * serve}, a test harness) calls once it has routed a request.
 *
 * <p>Public surface: {@link io.github.clbtrigger.functions.Functions} (built once, closeable; applies configuration
 * as immutable {@link io.github.clbtrigger.functions.Snapshot}s swapped whole), the
 * {@link io.github.clbtrigger.functions.Target} a matched rule picks, its
 * {@link io.github.clbtrigger.functions.Outcome} ({@code Answered | Refused}) with the
 * {@link io.github.clbtrigger.functions.InvocationRecord}, the
 * {@link io.github.clbtrigger.functions.TriggerMetrics}, and for users writing functions in Java,
 * {@link io.github.clbtrigger.functions.ClbFunction} and {@link io.github.clbtrigger.functions.FunctionContext}.
 * Everything else is package-private and final.
 *
 * <p>Function kinds, from the configuration's {@code Functions} section (SCF CreateFunction field names):
 * <ul>
 *   <li>{@code Handler: "package.Class::method"} or a registered {@code ClbFunction}: in-process Java;</li>
 *   <li>{@code Type: "Event", Url}: the event JSON is POSTed to a function served elsewhere, any language;</li>
 *   <li>{@code Type: "HTTP", Bootstrap}: a FunctionGraph HTTP function launched and supervised here;</li>
 *   <li>{@code Type: "HTTP", Url}: a FunctionGraph HTTP function already running.</li>
 * </ul>
 * {@code Timeout} (seconds, default 3), {@code MemorySize} (MB, default 128, reported) and {@code MaxConcurrency}
 * (default 128) apply to every kind. Logging goes through {@code System.Logger}: {@code io.github.clbtrigger.functions}
 * (configuration, class loaders) and {@code io.github.clbtrigger.functions.process} ({@code Bootstrap} processes and
 * their output). See {@code docs/servlet.md} for the configuration reference.
 */
package io.github.clbtrigger.functions;
