/** The canary sample; see {@code docs/getting-started.md}. */
package io.github.clbtrigger.samples.canary;
