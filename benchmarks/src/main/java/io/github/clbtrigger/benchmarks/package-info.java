/**
 * JMH benchmarks of clb-trigger against the alternatives a user would otherwise pick, and the embedded-Jetty
 * harness the end-to-end {@code wrk} runs use. Nothing here runs during the build; {@code benchmarks/run.sh}
 * runs the shaded {@code target/benchmarks.jar} and writes {@code docs/benchmarks.md}.
 *
 * <ul>
 *   <li>{@link io.github.clbtrigger.benchmarks.RoutingBenchmark}: {@code RouteTable} vs Jetty 12
 *       {@code PathMappings} vs a linear scan of {@code java.util.regex} patterns.</li>
 *   <li>{@link io.github.clbtrigger.benchmarks.CodecBenchmark}: the event encoder and response decoder vs Jackson
 *       databind, on a typical request and response.</li>
 *   <li>{@link io.github.clbtrigger.benchmarks.LargeBodyBenchmark}: 1 MiB and 6 MB binary bodies vs raw
 *       {@code java.util.Base64}.</li>
 *   <li>{@link io.github.clbtrigger.benchmarks.E2eHarness}: the servers {@code wrk} is pointed at.</li>
 * </ul>
 */
package io.github.clbtrigger.benchmarks;
