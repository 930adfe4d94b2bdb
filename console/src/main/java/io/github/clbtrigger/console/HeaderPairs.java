package io.github.clbtrigger.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Header lines kept up to a budget of characters (names and values), then dropped and marked truncated: as a flat
 * array of names and values, so that capturing them costs one array, and the {@link ExchangeRecord.Header} values
 * are made only when a view asks for them. Filled by one thread while a record is built, then
 * {@linkplain #share() shared} with the record, which only reads it.
 */
final class HeaderPairs {


    private String[] pairs = new String[8];
    private int count;
    private int budget;
    private boolean truncated;
    private boolean shared;

    HeaderPairs(int budget) {
        this.budget = budget;
    }

    /** The lines of a list the caller will not change, kept up to {@code budget} characters. */
    static HeaderPairs of(List<io.github.clbtrigger.codec.Header> headers, int budget) {
        HeaderPairs kept = new HeaderPairs(budget);
        for (io.github.clbtrigger.codec.Header h : headers) {
            kept.add(h.name(), h.value());
        }
        return kept.share();
    }

    void add(String name, String value) {
        int cost = name.length() + value.length();
        if (truncated || cost > budget) {
            truncated = true;
            return;
        }
        budget -= cost;
        if (count + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[count++] = name;
        pairs[count++] = value;
    }

    /** {@return these lines, given to a record: never added to again (see {@link #writable()})} */
    HeaderPairs share() {
        shared = true;
        return this;
    }

    /** {@return these lines if no record holds them, else a copy to add to (a builder used again)} */
    HeaderPairs writable() {
        if (!shared) {
            return this;
        }
        HeaderPairs copy = new HeaderPairs(budget);
        copy.pairs = Arrays.copyOf(pairs, Math.max(count, 8));
        copy.count = count;
        copy.truncated = truncated;
        return copy;
    }

    List<ExchangeRecord.Header> list() {
        List<ExchangeRecord.Header> list = new ArrayList<>(count / 2);
        for (int i = 0; i < count; i += 2) {
            list.add(new ExchangeRecord.Header(pairs[i], pairs[i + 1]));
        }
        return List.copyOf(list);
    }

    boolean truncated() {
        return truncated;
    }
}
