/**
 * Runnable samples: SCF-style Java functions and the embedded-Jetty programs that serve them behind the CLB
 * trigger filter. Each program is a {@code createServer(int port)} plus a {@code main}, and each has a test that
 * starts it on port 0 and talks to it over HTTP.
 */
package io.github.clbtrigger.samples;
