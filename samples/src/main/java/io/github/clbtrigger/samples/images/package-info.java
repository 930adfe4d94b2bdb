/** The images sample; see {@code docs/getting-started.md}. */
package io.github.clbtrigger.samples.images;
