/**
 * The {@code clb} command line: {@code serve}, {@code route}, {@code encode}, {@code decode} and {@code validate}.
 *
 * <p>Each command's input, output and exit codes are a contract other tools script against; docs/cli.md is its
 * reference. The only public type is {@link io.github.clbtrigger.cli.Clb}, the entry point.
 */
package io.github.clbtrigger.cli;
