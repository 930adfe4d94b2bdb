package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.CustomHeader;
import io.github.clbtrigger.common.Sanitize;
import jakarta.servlet.FilterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The filter's configuration from {@code web.xml} init-params: {@code config} (required: the JSON file, absolute or
 * relative to the webapp root), {@code watch}, {@code notFound} ({@code pass} or {@code 404}), {@code debug},
 * {@code maxRequestBodyBytes} and {@code maxResponseBytes} (bytes), {@code requestBodyTimeout},
 * {@code startupTimeout} and {@code watchInterval} (seconds, {@code 0.5} allowed), {@code listeners}
 * ({@code http:8080=lbl-1,https:8443=lbl-2}), {@code customHeaders} ({@code X-Vip,X-Uri}) and {@code consolePath}
 * ({@code /_clb}: see {@link ClbTriggerFilterBuilder#consolePath}). A bad value is an
 * {@link IllegalArgumentException} naming the init-param.
 */
final class InitParams {
    private InitParams() {
    }

    static ClbTriggerFilterBuilder builder(FilterConfig config) {
        ClbTriggerFilterBuilder b = ClbTriggerFilter.builder();
        String file = config.getInitParameter("config");
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("init-param config: required, the path of the JSON configuration file");
        }
        Path path = Path.of(file.trim());
        if (!path.isAbsolute() && config.getServletContext() != null) {
            String real = config.getServletContext().getRealPath("/" + file.trim());
            if (real != null && Files.isRegularFile(Path.of(real))) {
                path = Path.of(real);
            }
        }
        b.configFile(path);
        String watch = config.getInitParameter("watch");
        b.watch(watch != null && bool("watch", watch));
        String notFound = config.getInitParameter("notFound");
        if (notFound != null) {
            switch (notFound.trim().toLowerCase(Locale.ROOT)) {
                case "pass" -> b.answerNotFound(false);
                case "404" -> b.answerNotFound(true);
                default -> throw new IllegalArgumentException("init-param notFound: expected pass or 404, got \""
                        + Sanitize.forMessage(notFound, 40) + "\"");
            }
        }
        String console = config.getInitParameter("consolePath");
        if (console != null && !console.isBlank()) {
            b.consolePath(console.trim());
        }
        String debug = config.getInitParameter("debug");
        if (debug != null) {
            b.debug(bool("debug", debug));
        }
        integer(config, "maxRequestBodyBytes", b::maxRequestBodyBytes);
        integer(config, "maxResponseBytes", b::maxResponseBytes);
        seconds(config, "requestBodyTimeout", b::requestBodyTimeout);
        seconds(config, "startupTimeout", b::startupTimeout);
        seconds(config, "watchInterval", b::watchInterval);
        String listeners = config.getInitParameter("listeners");
        if (listeners != null && !listeners.isBlank()) {
            for (String entry : listeners.split(",")) {
                String[] kv = entry.trim().split("=", 2);
                String[] sp = kv[0].trim().split(":", 2);
                if (kv.length != 2 || sp.length != 2) {
                    throw new IllegalArgumentException("init-param listeners: expected scheme:port=ListenerId, got \""
                            + Sanitize.forMessage(entry, 80) + "\"");
                }
                try {
                    b.listener(sp[0].trim(), Integer.parseInt(sp[1].trim()), kv[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("init-param listeners: bad port in \""
                            + Sanitize.forMessage(entry, 80) + "\"", e);
                }
            }
        }
        String custom = config.getInitParameter("customHeaders");
        if (custom != null && !custom.isBlank()) {
            Set<CustomHeader> set = EnumSet.noneOf(CustomHeader.class);
            for (String name : custom.split(",")) {
                set.add(CustomHeader.byName(name.trim()).orElseThrow(() -> new IllegalArgumentException(
                        "init-param customHeaders: unknown header \"" + Sanitize.forMessage(name.trim(), 40)
                                + "\" (X-Vip, X-Vport, X-Uri, X-Method, X-Real-Port)")));
            }
            b.customHeaders(set);
        }
        return b;
    }

    /** An integer init-param, when given, handed to the builder; its range errors name the init-param. */
    private static void integer(FilterConfig config, String name, java.util.function.IntConsumer setter) {
        String value = config.getInitParameter(name);
        if (value == null) {
            return;
        }
        try {
            setter.accept(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("init-param " + name + ": not an integer: \""
                    + Sanitize.forMessage(value, 40) + "\"", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init-param " + name + ": " + e.getMessage(), e);
        }
    }

    /** A duration init-param in seconds ({@code 30}, {@code 0.5}), when given, handed to the builder. */
    private static void seconds(FilterConfig config, String name, java.util.function.Consumer<Duration> setter) {
        String value = config.getInitParameter(name);
        if (value == null) {
            return;
        }
        Duration duration;
        try {
            duration = Duration.ofMillis(new java.math.BigDecimal(value.trim()).movePointRight(3).longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("init-param " + name + ": expected seconds (like 30 or 0.5, at most "
                    + "millisecond precision), got \"" + Sanitize.forMessage(value, 40) + "\"", e);
        }
        try {
            setter.accept(duration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init-param " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("init-param " + name + ": expected true or false, got \""
                    + Sanitize.forMessage(value, 40) + "\"");
        };
    }

}
