package io.github.clbtrigger.matcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one check of a rule that involves other listeners: a {@code LocationId} held twice. The configuration's
 * layer-7 rules are taken in order; a {@code LocationId} seen before is reported where it is seen again, naming
 * where it was first seen. {@link #whole} does exactly that with a map of every id. {@link #against} gives the same
 * answers in time proportional to the listeners that differ from a valid table's: the unchanged listeners' ids were
 * distinct there, so a repeat involves a changed listener, and the table's {@link LocationIndex} says which unchanged
 * listener holds each id of the changed ones.
 */
abstract class LocationCheck {

    /** Where a {@code LocationId} stands: listener and rule index, packed (configuration order). */
    static long at(int li, int ri) {
        return ((long) li << 32) | ri;
    }

    static String rulePath(long at) {
        return "$.Listeners[" + (int) (at >>> 32) + "].Rules[" + (int) at + "]";
    }

    /** Whether layer-7 listener {@code li} is one {@code valid} compiled (so it passed every check of its own). */
    abstract boolean unchanged(int li, ListenerConfig l);

    /**
     * The rule of a changed listener at {@code at} holds {@code id} (not empty): where {@code id} was first seen
     * before it, or null.
     */
    abstract Long earlier(String id, long at);

    /** Reports the repeated ids of unchanged listener {@code li}, in rule order. */
    abstract void unchangedRepeats(ListenerConfig l, int li, List<ConfigProblem> out);

    /** Adds the problem of {@code id}, first seen at {@code first}, held again by rule {@code ri} of {@code l}. */
    static void report(ListenerConfig l, int li, int ri, long first, List<ConfigProblem> out) {
        String id = l.rules().get(ri).locationId();
        out.add(new ConfigProblem(ConfigProblem.DUPLICATE, rulePath(at(li, ri)) + ".LocationId [" + l.listenerId()
                + "/" + id + "]", "LocationId '" + id + "' is also " + rulePath(first)));
    }

    /** The check over every rule; {@code valid} (or null) says which listeners are unchanged. */
    static LocationCheck whole(RouteTable valid) {
        return new Whole(valid);
    }

    /**
     * The check of {@code config} against a valid table, in time proportional to what changed; the whole one when
     * a {@code ListenerId} of {@code config} is empty or repeated (a listener is then not told by its id).
     */
    static LocationCheck against(LoadBalancerConfig config, RouteTable valid) {
        List<ListenerConfig> ls = config.listeners();
        Set<String> ids = new HashSet<>();
        for (ListenerConfig l : ls) {
            if (l.listenerId().isEmpty() || !ids.add(l.listenerId())) {
                return new Whole(valid);
            }
        }
        return new Incremental(ls, valid);
    }

    private static final class Whole extends LocationCheck {
        private final RouteTable valid;
        private final Map<String, Long> seen = new HashMap<>();

        Whole(RouteTable valid) {
            this.valid = valid;
        }

        @Override
        boolean unchanged(int li, ListenerConfig l) {
            return valid != null && valid.compiled(l) != null;
        }

        @Override
        Long earlier(String id, long at) {
            return seen.putIfAbsent(id, at);
        }

        @Override
        void unchangedRepeats(ListenerConfig l, int li, List<ConfigProblem> out) {
            List<RuleConfig> rules = l.rules();
            for (int ri = 0; ri < rules.size(); ri++) {
                Long first = seen.putIfAbsent(rules.get(ri).locationId(), at(li, ri));
                if (first != null) {
                    report(l, li, ri, first, out);
                }
            }
        }
    }

    private static final class Incremental extends LocationCheck {
        private final boolean[] unchanged;
        /** The first place of each id of the changed listeners. */
        private final Map<String, Long> changedFirst = new HashMap<>();
        /** The place of each of those ids in an unchanged listener (at most one: they were distinct). */
        private final Map<String, Long> unchangedAt = new HashMap<>();
        /** By unchanged listener: {rule index, first place} of its ids seen first in a changed listener before it. */
        private final Map<Integer, List<long[]>> repeats = new HashMap<>();

        Incremental(List<ListenerConfig> ls, RouteTable valid) {
            unchanged = new boolean[ls.size()];
            Map<String, Integer> unchangedById = new HashMap<>();
            for (int li = 0; li < ls.size(); li++) {
                ListenerConfig l = ls.get(li);
                if (!l.protocol().isLayer7()) {
                    continue;
                }
                if (valid.compiled(l) != null) {
                    unchanged[li] = true;
                    unchangedById.put(l.listenerId(), li);
                } else {
                    List<RuleConfig> rules = l.rules();
                    for (int ri = 0; ri < rules.size(); ri++) {
                        String id = rules.get(ri).locationId();
                        if (!id.isEmpty()) {
                            changedFirst.putIfAbsent(id, at(li, ri));
                        }
                    }
                }
            }
            LocationIndex index = valid.locations();
            for (Map.Entry<String, Long> e : changedFirst.entrySet()) {
                String owner = index.owner(e.getKey());
                Integer lu = owner == null ? null : unchangedById.get(owner);
                if (lu == null) {
                    continue;
                }
                List<RuleConfig> rules = ls.get(lu).rules();
                for (int ru = 0; ru < rules.size(); ru++) {
                    if (rules.get(ru).locationId().equals(e.getKey())) {
                        long place = at(lu, ru);
                        unchangedAt.put(e.getKey(), place);
                        if (place > e.getValue()) {
                            repeats.computeIfAbsent(lu, k -> new ArrayList<>()).add(new long[] {ru, e.getValue()});
                        }
                        break;
                    }
                }
            }
            repeats.values().forEach(r -> r.sort((a, b) -> Long.compare(a[0], b[0])));
        }

        @Override
        boolean unchanged(int li, ListenerConfig l) {
            return unchanged[li];
        }

        @Override
        Long earlier(String id, long at) {
            long first = changedFirst.get(id);
            Long u = unchangedAt.get(id);
            if (u != null && u < first) {
                first = u;
            }
            return first < at ? first : null;
        }

        @Override
        void unchangedRepeats(ListenerConfig l, int li, List<ConfigProblem> out) {
            for (long[] r : repeats.getOrDefault(li, List.of())) {
                report(l, li, (int) r[0], r[1], out);
            }
        }
    }
}
