package io.github.clbtrigger.console;

import java.util.Locale;
import java.util.Set;

/**
 * Which Host names the console answers to: {@code localhost} and its subdomains, IP literals (IPv4 dotted quads and
 * bracketed IPv6), and configured names. A web page that rebinds its own DNS name to 127.0.0.1 still sends its own
 * name as Host, so it is refused.
 */
final class HostCheck {

    private final Set<String> allowed;

    HostCheck(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    boolean allows(String rawHost) {
        if (rawHost == null || rawHost.isEmpty()) {
            return true;
        }
        String host = normalize(rawHost);
        return host.equals("localhost") || host.endsWith(".localhost") || allowed.contains(host)
                || host.startsWith("[") || isIpv4(host);
    }

    private static boolean isIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
