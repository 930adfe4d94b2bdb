package io.github.clbtrigger.matcher;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which layer-7 listener of a valid configuration holds each {@code LocationId} (there, every one is held once), kept
 * with its {@link RouteTable} so that the next configuration's duplicate check looks up only the rules of the
 * listeners that changed ({@link ConfigValidator#validate(LoadBalancerConfig, boolean, RouteTable)}). Immutable.
 *
 * <p>A table compiled against another derives its index from the other's in time proportional to the listeners
 * that differ: a base map shared between tables and the differences from it, folded into a new base when they
 * grow past an eighth of it (so a chain of small changes costs, on average, a small multiple of their own size).
 */
final class LocationIndex {
    /** In {@link #changes}: the id is no longer held (listener ids are never empty in a valid configuration). */
    private static final String GONE = "";

    private final Map<String, String> base;
    private final Map<String, String> changes;

    private LocationIndex(Map<String, String> base, Map<String, String> changes) {
        this.base = base;
        this.changes = changes;
    }

    /** The index of a valid configuration, built whole. */
    static LocationIndex of(LoadBalancerConfig config) {
        Map<String, String> owners = new HashMap<>();
        for (ListenerConfig l : config.listeners()) {
            if (l.protocol().isLayer7()) {
                for (RuleConfig r : l.rules()) {
                    owners.put(r.locationId(), l.listenerId());
                }
            }
        }
        return new LocationIndex(owners, Map.of());
    }

    /** The {@code ListenerId} of the layer-7 listener holding {@code locationId}, or null when none does. */
    String owner(String locationId) {
        return owner(changes, locationId);
    }

    private String owner(Map<String, String> diff, String locationId) {
        String o = diff.get(locationId);
        if (o != null) {
            return o.isEmpty() ? null : o;
        }
        return base.get(locationId);
    }

    /**
     * The index of the configuration made from this one's by taking out {@code removed} (listeners of this one's
     * configuration) and putting in {@code added} (layer-7 listeners), when the result is valid.
     */
    LocationIndex with(Collection<ListenerConfig> removed, Collection<ListenerConfig> added) {
        if (removed.isEmpty() && added.isEmpty()) {
            return this;
        }
        Map<String, String> diff = new HashMap<>(changes);
        for (ListenerConfig l : removed) {
            if (l.protocol().isLayer7()) {
                for (RuleConfig r : l.rules()) {
                    if (l.listenerId().equals(owner(diff, r.locationId()))) {
                        set(diff, r.locationId(), GONE);
                    }
                }
            }
        }
        for (ListenerConfig l : added) {
            for (RuleConfig r : l.rules()) {
                set(diff, r.locationId(), l.listenerId());
            }
        }
        if (diff.size() <= 16 + base.size() / 8) {
            return new LocationIndex(base, diff);
        }
        Map<String, String> folded = new HashMap<>(base);
        diff.forEach((id, o) -> {
            if (o.isEmpty()) {
                folded.remove(id);
            } else {
                folded.put(id, o);
            }
        });
        return new LocationIndex(folded, Map.of());
    }

    private void set(Map<String, String> diff, String locationId, String owner) {
        String was = base.get(locationId);
        if (owner.isEmpty() ? was == null : owner.equals(was)) {
            diff.remove(locationId);
        } else {
            diff.put(locationId, owner);
        }
    }

    /** Every id with its listener (for tests: compared with {@link #of} of the same configuration). */
    Map<String, String> asMap() {
        Map<String, String> all = new HashMap<>(base);
        changes.forEach((id, o) -> {
            if (o.isEmpty()) {
                all.remove(id);
            } else {
                all.put(id, Objects.requireNonNull(o));
            }
        });
        return all;
    }
}
