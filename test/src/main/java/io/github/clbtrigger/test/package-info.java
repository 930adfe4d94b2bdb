/**
 * Testing functions behind CLB, two ways.
 *
 * <ul>
 *   <li>Over sockets, through the real frontend of {@code clb serve}: {@link io.github.clbtrigger.test.ClbTrigger}
 *       (a JUnit 5 extension) starts it for a test class on free ports and injects a
 *       {@link io.github.clbtrigger.test.ClbClient}; without JUnit, start {@code io.github.clbtrigger.cli.ClbServer}
 *       yourself and use {@code ClbClient.of(server)}.</li>
 *   <li>In memory, with no socket: {@link io.github.clbtrigger.test.ClbHarness} routes a
 *       {@link io.github.clbtrigger.test.ClbRequest}, runs its function and tells the rule, the event, the raw answer,
 *       the decoder's verdict and the response ({@link io.github.clbtrigger.test.ClbExchange}).</li>
 * </ul>
 *
 * <p>Both run the same matcher, codec and function runtimes as the server. With AssertJ,
 * {@link io.github.clbtrigger.test.ClbExchangeAssert} checks an exchange fluently. See docs/testing.md.
 */
package io.github.clbtrigger.test;
