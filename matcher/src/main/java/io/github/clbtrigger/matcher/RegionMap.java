package io.github.clbtrigger.matcher;

import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * An immutable open-addressing hash map from strings to values, looked up by a region of a string
 * ({@code s[from, to)}) so that suffix and prefix probes allocate nothing.
 *
 * <p>The hash of a key is chosen when the map is built: {@link String#hashCode}'s polynomial over its chars
 * ({@link #hash}; the Host maps, so that a caller that walks a string once can compute the hash of every prefix
 * ({@code h = 31 * h + c}) or suffix on the way), or {@link PathHash} (the URL maps). A caller probes with the hash of
 * the region computed the same way ({@link #get(String, int, int, int)}) instead of hashing it again. Each slot keeps
 * its key's hash in a {@code long} ({@code hash << 32 | 1}, 0 for an empty slot), so a probe reads one array until
 * the hashes are equal and compares chars only then; the key and value of slot {@code i} sit at {@code 2 * i} and
 * {@code 2 * i + 1} of a second array, so the processor can load them while it reads the slot, not after it (with
 * entries in a dense array indexed by a number in the slot, a hit waited for the slot, then the entry, then the key
 * string, then its chars: at 10,000 keys each of those misses the cache). The slot is the low bits of the hash
 * with the high half folded in: both hashes spread keys that differ in a digit (rule {@code /svc1}, {@code /svc2})
 * over consecutive low bits (Fibonacci hashing, the top bits of {@code hash * 0x9E3779B9}, measured 20 ns slower
 * on such keys: they cluster).
 */
final class RegionMap<V> {
    private final long[] slots;
    /** The key of {@code slots[i]} at {@code 2 * i}, its value at {@code 2 * i + 1}. */
    private final Object[] entries;
    private final int mask;
    private final int size;

    /** A map whose keys are hashed with {@link String#hashCode}. */
    RegionMap(Map<String, V> entries) {
        this(entries, String::hashCode);
    }

    /** A map whose keys are hashed with {@code hash}; probes must pass the same hash of their region. */
    RegionMap(Map<String, V> entries, ToIntFunction<String> hash) {
        int cap = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1) - 1) << 1;
        slots = new long[cap];
        this.entries = new Object[2 * cap];
        mask = cap - 1;
        size = entries.size();
        for (Map.Entry<String, V> e : entries.entrySet()) {
            String k = e.getKey();
            int h = hash.applyAsInt(k);
            int i = slot(h);
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            this.entries[2 * i] = k;
            this.entries[2 * i + 1] = e.getValue();
            slots[i] = (long) h << 32 | 1;
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The value whose key equals {@code s[from, to)}, or null; {@code hash} is {@link #hash hash(s, from, to)}. */
    @SuppressWarnings("unchecked")
    V get(String s, int from, int to, int hash) {
        int len = to - from;
        int i = slot(hash);
        while (true) {
            long e = slots[i];
            if (e == 0) {
                return null;
            }
            if ((int) (e >>> 32) == hash) {
                String k = (String) entries[2 * i];
                if (k.length() == len && (len == s.length() ? k.equals(s) : s.startsWith(k, from))) {
                    return (V) entries[2 * i + 1];
                }
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

    private int slot(int h) {
        return (h ^ (h >>> 16)) & mask;
    }
}
