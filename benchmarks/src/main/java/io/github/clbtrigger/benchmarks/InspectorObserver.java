package io.github.clbtrigger.benchmarks;

import io.github.clbtrigger.console.ConsoleMeters;
import io.github.clbtrigger.console.ConsoleObserver;
import io.github.clbtrigger.console.Inspector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Scenario {@code echo-inspector}: what {@code clb serve}'s console does per request with the inspector on: the
 * console's {@link ConsoleObserver} with a 200-entry {@link Inspector}, 64 KiB per body, and {@link ConsoleMeters}
 * bound to a Prometheus registry.
 */
final class InspectorObserver {

    private InspectorObserver() {
    }

    /** {@return the observer, as {@code clb serve} makes it with the inspector on} */
    static ConsoleObserver create() {
        ConsoleMeters meters = new ConsoleMeters();
        meters.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        return ConsoleObserver.builder().inspector(new Inspector(Inspector.DEFAULT_CAPACITY)).meters(meters)
                .bodyLimit(64 * 1024).build();
    }
}
