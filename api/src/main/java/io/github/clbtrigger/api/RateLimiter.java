package io.github.clbtrigger.api;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perSecond} calls in each wall-clock second per key (SecretId and action), as CLB documents "a
 * maximum of 20 requests can be initiated per second for this API". Keys of past seconds are dropped when the map
 * grows, so any number of SecretIds cannot grow it without bound.
 */
final class RateLimiter {
    private static final int SWEEP_AT = 10_000;

    private record Window(long second, int count) {
    }

    private final int perSecond;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    boolean allow(String key, long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        if (windows.size() > SWEEP_AT) {
            windows.values().removeIf(w -> w.second() < second);
        }
        Window w = windows.compute(key, (k, old) -> old == null || old.second() != second
                ? new Window(second, 1) : new Window(second, old.count() + 1));
        return w.count() <= perSecond;
    }
}
