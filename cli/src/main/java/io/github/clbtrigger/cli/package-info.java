/**
 * The {@code clb} command line: {@code serve}, {@code route}, {@code encode}, {@code decode} and {@code validate}.
 *
 * <p>Each command's input, output and exit codes are a contract other tools script against; docs/cli.md is its
 * reference. The public types are {@link io.github.clbtrigger.cli.Clb}, the entry point, and
 * {@link io.github.clbtrigger.cli.ClbServer}, the frontend of {@code clb serve} started in-process (what the
 * {@code clb-test} module and other tools run).
 */
package io.github.clbtrigger.cli;
