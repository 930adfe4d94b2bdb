package io.github.clbtrigger.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last exchanges, in memory only: a ring of a fixed number of slots, so what it holds is bounded by
 * {@code capacity} records, each bounded by its body limit, whatever the traffic. Nothing is ever written to disk.
 *
 * <p>Each record added gets a sequence number, increasing from 1; readers ask for everything newer than the last
 * number they saw ({@link #after(long)}), which is how the page updates live. Adding takes no lock: a slot is taken
 * by the sequence number modulo the capacity, and a slow writer never overwrites a newer record. Thread-safe.
 */
public final class Inspector {

    /** The default number of exchanges kept. */
    public static final int DEFAULT_CAPACITY = 200;

    /**
     * A record with its sequence number.
     *
     * @param sequence increasing from 1 in the order records were added
     * @param exchange the record
     */
    public record Entry(long sequence, ExchangeRecord exchange) {
        /**
         * Checks the record is present.
         *
         * @param sequence see {@link #sequence()}
         * @param exchange see {@link #exchange()}
         */
        public Entry {
            Objects.requireNonNull(exchange, "exchange");
        }
    }

    private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::sequence).reversed();

    private final AtomicReferenceArray<Entry> slots;
    private final AtomicLong last = new AtomicLong();

    /**
     * An empty ring.
     *
     * @param capacity how many exchanges it keeps, at least 1
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public Inspector(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the inspector keeps at least 1 exchange, not " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /**
     * Adds a record, dropping the oldest one when the ring is full.
     *
     * @param exchange the record
     * @return its sequence number
     */
    public long add(ExchangeRecord exchange) {
        Entry entry = new Entry(last.incrementAndGet(), exchange);
        int slot = (int) ((entry.sequence() - 1) % slots.length());
        while (true) {
            Entry current = slots.get(slot);
            if (current != null && current.sequence() > entry.sequence()) {
                return entry.sequence();
            }
            if (slots.compareAndSet(slot, current, entry)) {
                return entry.sequence();
            }
        }
    }

    /**
     * How many exchanges the ring keeps at most.
     *
     * @return the capacity
     */
    public int capacity() {
        return slots.length();
    }

    /**
     * The sequence number of the last record added, 0 before the first.
     *
     * @return the last sequence number
     */
    public long lastSequence() {
        return last.get();
    }

    /**
     * The records held, newest first.
     *
     * @return a snapshot
     */
    public List<Entry> newestFirst() {
        return after(0);
    }

    /**
     * The records held whose sequence number is greater than {@code sequence}, newest first.
     *
     * @param sequence the last sequence number the caller has seen
     * @return a snapshot
     */
    public List<Entry> after(long sequence) {
        List<Entry> found = new ArrayList<>();
        for (int i = 0; i < slots.length(); i++) {
            Entry entry = slots.get(i);
            if (entry != null && entry.sequence() > sequence) {
                found.add(entry);
            }
        }
        found.sort(NEWEST_FIRST);
        return found;
    }

    /**
     * The record with a sequence number, while the ring still holds it.
     *
     * @param sequence the sequence number
     * @return the record, empty when it was dropped or never added
     */
    public Optional<Entry> get(long sequence) {
        if (sequence < 1) {
            return Optional.empty();
        }
        Entry entry = slots.get((int) ((sequence - 1) % slots.length()));
        return entry != null && entry.sequence() == sequence ? Optional.of(entry) : Optional.empty();
    }
}
