/**
 * The {@code clb} command line: {@code serve}, {@code route}, {@code encode}, {@code decode} and {@code validate}.
 *
 * <p>Each command's input, output and exit codes are a contract other tools script against; docs/cli.md is its
 * reference. The public types are {@link io.github.clbtrigger.cli.Clb}, the entry point;
 * {@link io.github.clbtrigger.cli.ClbServer}, the frontend of {@code clb serve} started in-process (what the
 * {@code clb-test} module and other tools run); and {@link io.github.clbtrigger.cli.ClbLogManager}, public only
 * because the JDK instantiates it by name ({@code java.util.logging.manager}). Everything else is package-private.
 */
package io.github.clbtrigger.cli;
