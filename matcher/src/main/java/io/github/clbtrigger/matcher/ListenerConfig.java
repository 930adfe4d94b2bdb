package io.github.clbtrigger.matcher;

import java.util.List;
import java.util.Objects;

/**
 * One CLB listener: a protocol and port with its forwarding rules in configuration order.
 *
 * @param listenerId CLB's {@code ListenerId}
 * @param protocol   the listener protocol
 * @param port       the listener port, 1–65535
 * @param rules      the forwarding rules in configuration order (layer-7 listeners only)
 */
public record ListenerConfig(String listenerId, Protocol protocol, int port, List<RuleConfig> rules) {
    /**
     * Creates the value; lists are copied, and null components are refused as documented.
     *
     * @param listenerId see {@link #listenerId()}
     * @param protocol see {@link #protocol()}
     * @param port see {@link #port()}
     * @param rules see {@link #rules()}
     */
    public ListenerConfig {
        Objects.requireNonNull(listenerId, "listenerId");
        Objects.requireNonNull(protocol, "protocol");
        rules = List.copyOf(rules);
    }
}
