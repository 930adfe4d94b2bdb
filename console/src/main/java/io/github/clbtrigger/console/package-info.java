/**
 * The local console under the reserved prefix {@code /_clb/} (or a webapp's console path): the inspector page and its JSON views, health and
 * readiness probes, Prometheus metrics, and the CLB-JSON access log.
 *
 * <p>The public surface: {@link io.github.clbtrigger.console.ExchangeRecord} and
 * {@link io.github.clbtrigger.console.Body} (one exchange, bounded when built);
 * {@link io.github.clbtrigger.console.Inspector} (the in-memory ring of the last exchanges);
 * {@link io.github.clbtrigger.console.RouteTableView} and {@link io.github.clbtrigger.console.Readiness} (what the
 * server tells the console); {@link io.github.clbtrigger.console.ConsoleMeters} (the Micrometer meters);
 * {@link io.github.clbtrigger.console.Console} (what each path answers, whatever serves it), served by
 * {@link io.github.clbtrigger.console.ConsoleHandler} (Jetty core, {@code clb serve}'s management port) or
 * {@link io.github.clbtrigger.console.ClbConsoleServlet} (inside a webapp);
 * {@link io.github.clbtrigger.console.ConsoleObserver} (each request of the servlet filter, recorded); and
 * {@link io.github.clbtrigger.console.ClbAccessLog} (access-log lines with CLB's field names). Everything shown
 * comes from untrusted clients and functions: the page renders it as text only, under a strict
 * Content-Security-Policy. See {@code docs/console.md}.
 */
package io.github.clbtrigger.console;
