package io.github.clbtrigger.matcher;

import java.util.Map;

/**
 * An immutable open-addressing hash map from strings to values, looked up by a region of a string
 * ({@code s[from, to)}) so that suffix and prefix probes allocate nothing.
 *
 * <p>The hash of a region is {@link String#hashCode}'s polynomial over its chars ({@link #hash}), so a caller that
 * walks a string once can compute the hash of every prefix ({@code h = 31 * h + c}) or suffix on the way and probe
 * with it ({@link #get(String, int, int, int)}) instead of hashing each region again. Each slot keeps its key's hash:
 * a probe compares chars only when the hashes are equal.
 */
final class RegionMap<V> {
    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int mask;
    private final int size;

    RegionMap(Map<String, V> entries) {
        int cap = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1) - 1) << 1;
        keys = new String[cap];
        hashes = new int[cap];
        values = new Object[cap];
        mask = cap - 1;
        size = entries.size();
        for (Map.Entry<String, V> e : entries.entrySet()) {
            String k = e.getKey();
            int h = k.hashCode();
            int i = spread(h) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            hashes[i] = h;
            values[i] = e.getValue();
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The value whose key equals {@code s[from, to)}, or null. */
    V get(String s, int from, int to) {
        return get(s, from, to, hash(s, from, to));
    }

    /** The value whose key equals {@code s[from, to)}, or null; {@code hash} is {@link #hash hash(s, from, to)}. */
    @SuppressWarnings("unchecked")
    V get(String s, int from, int to, int hash) {
        int len = to - from;
        int i = spread(hash) & mask;
        while (true) {
            String k = keys[i];
            if (k == null) {
                return null;
            }
            if (hashes[i] == hash && k.length() == len
                    && (len == s.length() ? k.equals(s) : k.regionMatches(0, s, from, len))) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
    }

    /** {@link String#hashCode} of {@code s.substring(from, to)}, without the substring. */
    static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
