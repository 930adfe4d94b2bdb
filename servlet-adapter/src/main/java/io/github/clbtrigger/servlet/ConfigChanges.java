package io.github.clbtrigger.servlet;

/**
 * How many configuration changes a filter has applied and refused since it started (its first configuration not
 * counted): text given to {@link ClbTriggerFilter#apply} and reloads of the watched file whose text changed.
 *
 * @param applied changes taken and served
 * @param refused changes refused (invalid, or unreadable); the configuration served was kept
 */
public record ConfigChanges(long applied, long refused) {
}
