package io.github.clbtrigger.matcher;

import java.util.Map;

/**
 * The prefix rules of one {@link Server} and nginx's longest-prefix search over them ({@link #longest}). Immutable;
 * a search allocates nothing.
 *
 * <p>Search: one probe per distinct configured prefix length that fits the path, longest first, skipping a length
 * when no rule of that length ends with the path's char there; the first probe's {@link PathHash} is computed once,
 * each next one derived from it by subtracting the products of the chars between the two lengths, so the first hit
 * is the longest prefix.
 *
 * <p>Layout, flat, so that a hit follows two loads, not a chain of five: an open-addressing table of {@code long}
 * slots, each {@code hash << 32 | offset} (0: empty), with the slot's rule at the same index of a parallel array,
 * and every key packed in one {@code byte[]} (configured paths are ASCII) as its length and then its chars, at
 * {@code offset}. A probe reads its slot and the rule reference beside it, which do not depend on each other; only
 * when the slot's hash is the path's does it read the key's bytes, which sit together, and the rule. (A
 * {@link RegionMap} reads the slot, then the entries array, then the key {@code String}, then its bytes.)
 */
final class PrefixTable {
    /** Open addressing, linear probing: {@code PathHash << 32 | offset} of a key in {@link #keys}, 0 if empty. */
    private final long[] slots;
    /** The rule of the key in {@code slots[i]} at {@code i}. */
    private final CompiledRule[] rules;
    /** Every key as its length (1 to {@value UrlSpec#MAX_LENGTH}), then its chars; index 0 is not a key. */
    private final byte[] keys;
    private final int mask;
    /** The distinct lengths of the keys, longest first. */
    private final int[] lengths;
    /**
     * For {@code lengths[k]}, the set of the last chars of the keys of that length (ASCII): bit {@code c & 63} of
     * {@code [2 * k + (c >>> 6)]}. A length whose set lacks the path's char there cannot match and is not probed.
     */
    private final long[] lastChars;

    /** A table of these prefix rules, keyed by their path (ASCII, as {@link UrlSpec} allows). */
    PrefixTable(Map<String, CompiledRule> prefixes) {
        this.lengths = prefixes.keySet().stream().mapToInt(String::length).map(n -> -n).distinct().sorted()
                .map(n -> -n).toArray();
        this.lastChars = new long[2 * lengths.length];
        int cap = Integer.highestOneBit(Math.max(4, prefixes.size() * 2 + 1) - 1) << 1;
        this.slots = new long[cap];
        this.rules = new CompiledRule[cap];
        this.mask = cap - 1;
        int total = 1;
        for (String k : prefixes.keySet()) {
            total += 1 + k.length();
        }
        this.keys = new byte[total];
        int offset = 1;
        for (Map.Entry<String, CompiledRule> e : prefixes.entrySet()) {
            String k = e.getKey();
            int n = k.length();
            if (n == 0 || n > UrlSpec.MAX_LENGTH) {
                throw new IllegalArgumentException("prefix of " + n + " chars");
            }
            int h = PathHash.of(k);
            int i = slot(h);
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = (long) h << 32 | offset;
            rules[i] = e.getValue();
            keys[offset] = (byte) n;
            for (int j = 0; j < n; j++) {
                char c = k.charAt(j);
                if (c >= 0x80) {
                    throw new IllegalArgumentException("prefix with a char above 0x7F at " + j);
                }
                keys[offset + 1 + j] = (byte) c;
            }
            offset += 1 + n;
            int l = 0;
            while (lengths[l] != n) {
                l++;
            }
            char last = k.charAt(n - 1);
            lastChars[2 * l + (last >>> 6)] |= 1L << last;
        }
    }

    /**
     * The longest prefix rule that {@code s[0, n)} starts with, or null: one probe per configured length that fits
     * and whose rules can end with the path's char there, longest first, the first hit ending the search.
     */
    CompiledRule longest(String s, int n) {
        int[] ls = lengths;
        int k = 0;
        while (k < ls.length && ls[k] > n) {
            k++;
        }
        k = nextCandidate(s, k);
        if (k == ls.length) {
            return null;
        }
        int[] w = PathHash.WEIGHTS;
        int top = ls[k];
        int h = PathHash.of(s, top);
        while (true) {
            CompiledRule p = get(s, top, h);
            if (p != null) {
                return p;
            }
            k = nextCandidate(s, k + 1);
            if (k == ls.length) {
                return null;
            }
            int next = ls[k];
            for (int i = next; i < top; i++) {
                h -= s.charAt(i) * w[i];
            }
            top = next;
        }
    }

    /** The first {@code j >= k} such that some key of length {@code lengths[j]} ends with that char of s. */
    private int nextCandidate(String s, int k) {
        int[] ls = lengths;
        long[] last = lastChars;
        int j = k;
        while (j < ls.length) {
            char c = s.charAt(ls[j] - 1);
            if (c < 0x80 && (last[2 * j + (c >>> 6)] & 1L << c) != 0) {
                return j;
            }
            j++;
        }
        return j;
    }

    /** The rule whose key is {@code s[0, len)}, whose {@link PathHash} is {@code hash}, or null. */
    private CompiledRule get(String s, int len, int hash) {
        long[] t = slots;
        int i = slot(hash);
        while (true) {
            long e = t[i];
            if (e == 0) {
                return null;
            }
            if ((int) (e >>> 32) == hash && keyEquals((int) e, s, len)) {
                return rules[i];
            }
            i = (i + 1) & mask;
        }
    }

    /** Whether the key at {@code offset} is {@code s[0, len)}. */
    private boolean keyEquals(int offset, String s, int len) {
        byte[] k = keys;
        if (k[offset] != (byte) len) {
            return false;
        }
        int from = offset + 1;
        for (int j = 0; j < len; j++) {
            if (k[from + j] != s.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** The low bits of the hash with the high half folded in, as {@link RegionMap} does. */
    private int slot(int h) {
        return (h ^ (h >>> 16)) & mask;
    }
}
