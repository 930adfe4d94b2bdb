/**
 * Internal helpers shared by the clb-trigger modules: one home for what the front ends and the function runtimes
 * both need (the RFC 9110 token checks, the bounding of untrusted text for logs and headers, the scrubbing of
 * Jackson's messages).
 *
 * <p><b>Not for users:</b> this package carries no compatibility promise; its types may change or go in any
 * release. It depends on nothing but the JDK.
 */
package io.github.clbtrigger.common;
