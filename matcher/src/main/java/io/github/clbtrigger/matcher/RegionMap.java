package io.github.clbtrigger.matcher;

import java.util.Map;

/**
 * An immutable open-addressing hash map from strings to values, looked up by a region of a string
 * ({@code s[from, to)}) so that suffix and prefix probes allocate nothing.
 */
final class RegionMap<V> {
    private final String[] keys;
    private final Object[] values;
    private final int mask;

    RegionMap(Map<String, V> entries) {
        int cap = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1) - 1) << 1;
        keys = new String[cap];
        values = new Object[cap];
        mask = cap - 1;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            String k = e.getKey();
            int i = hash(k, 0, k.length()) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            values[i] = e.getValue();
        }
    }

    boolean isEmpty() {
        for (String k : keys) {
            if (k != null) {
                return false;
            }
        }
        return true;
    }

    /** The value whose key equals {@code s[from, to)}, or null. */
    @SuppressWarnings("unchecked")
    V get(String s, int from, int to) {
        int len = to - from;
        int i = hash(s, from, to) & mask;
        while (true) {
            String k = keys[i];
            if (k == null) {
                return null;
            }
            if (k.length() == len && k.regionMatches(0, s, from, len)) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
    }

    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
