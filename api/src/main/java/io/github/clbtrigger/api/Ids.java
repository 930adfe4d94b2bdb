package io.github.clbtrigger.api;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ids a change creates ({@code lbl-} and {@code loc-} followed by 8 lower-case letters and digits, as CLB's),
 * remembered so that running the same change again on a newer base (a delayed task) creates the same ids.
 */
final class Ids {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<String> made = new ArrayList<>();
    private int next;

    /** Starts over: the next calls give the ids already made, in order. */
    Ids replay() {
        next = 0;
        return this;
    }

    String next(String prefix, Set<String> taken) {
        if (next < made.size()) {
            return made.get(next++);
        }
        String id;
        do {
            StringBuilder b = new StringBuilder(prefix);
            for (int i = 0; i < 8; i++) {
                b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            id = b.toString();
        } while (taken.contains(id) || made.contains(id));
        made.add(id);
        next++;
        return id;
    }
}
