package io.github.clbtrigger.matcher;

import java.util.Locale;
import java.util.Optional;

/** A CLB listener protocol. Only {@link #HTTP} and {@link #HTTPS} listeners are layer 7 and can carry functions. */
public enum Protocol {
    /** Layer-7 HTTP. */
    HTTP,
    /** Layer-7 HTTPS. */
    HTTPS,
    /** Layer-4 TCP. */
    TCP,
    /** Layer-4 UDP. */
    UDP,
    /** Layer-4 TCP with TLS offload. */
    TCP_SSL,
    /** Layer-4 QUIC. */
    QUIC;

    /**
     * Whether listeners of this protocol have forwarding rules (domain + URL) and may bind functions.
     *
     * @return {@code true} for {@link #HTTP} and {@link #HTTPS}
     */
    public boolean isLayer7() {
        return this == HTTP || this == HTTPS;
    }

    /**
     * The protocol with this CLB name, compared case-insensitively ({@code "http"} is {@link #HTTP}).
     *
     * @param name a protocol name as CLB writes it, e.g. {@code "TCP_SSL"}
     * @return the protocol, or empty if the name is unknown
     */
    public static Optional<Protocol> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.toUpperCase(Locale.ROOT);
        for (Protocol p : values()) {
            if (p.name().equals(upper)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
