/** The routing sample; see {@code docs/getting-started.md}. */
package io.github.clbtrigger.samples.routing;
