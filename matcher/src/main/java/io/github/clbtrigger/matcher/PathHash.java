package io.github.clbtrigger.matcher;

/**
 * The hash under which a {@link Server} indexes URL paths: {@code sum(c[i] * weight(i))} over the chars of a path
 * from its start, in {@code int} arithmetic, with a fixed odd pseudo-random weight per position.
 *
 * <p>Unlike {@link String#hashCode}'s polynomial, whose every step waits for the multiply of the step before, the
 * products here are independent and only the sum is a chain (one add per char), and the prefix probes get the hash of
 * any prefix by adding (or subtracting) the products of the chars between two lengths. A whole path is hashed only
 * when an {@code =} rule or trailing-slash target has its length ({@link Server#find}). Defined for paths of at most
 * {@value #MAX_LENGTH} chars; a configured path is at most {@value UrlSpec#MAX_LENGTH}, so a longer region is never a
 * key and is never probed.
 */
final class PathHash {
    /** The longest region the hash is defined for. */
    static final int MAX_LENGTH = 256;

    /** {@code WEIGHTS[i]}: the weight of position {@code i}; odd, from a fixed-seed mix. */
    static final int[] WEIGHTS = new int[MAX_LENGTH];

    static {
        long x = 0x5DEECE66DL;
        for (int i = 0; i < MAX_LENGTH; i++) {
            x += 0x9E3779B97F4A7C15L; // SplitMix64
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            WEIGHTS[i] = (int) (z ^ (z >>> 31)) | 1;
        }
    }

    private PathHash() {
    }

    /** The hash of {@code s[0, to)}; {@code to <= MAX_LENGTH}. */
    static int of(String s, int to) {
        int h = 0;
        for (int i = 0; i < to; i++) {
            h += s.charAt(i) * WEIGHTS[i];
        }
        return h;
    }

    /** The hash of a whole key, {@code key.length() <= MAX_LENGTH}. */
    static int of(String key) {
        return of(key, key.length());
    }
}
