package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.EventSink;
import com.patchdesk.diagnosis.read.Fact;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the events of one streaming pass in bounded memory. Events are grouped by kind and principal facts
 * (every fact but free text); of each group the first {@link #KEEP_FIRST} and last {@link #KEEP_LAST} occurrences
 * are kept together with a count. At most {@link #MAX_GROUPS} groups are held; events of further groups are only
 * counted. So a 2 GiB log with millions of repeated error lines costs the same memory as one with a dozen.
 *
 * <p>One store serves one analysis on one thread; it is not thread-safe.
 */
public final class EvidenceStore implements EventSink {

    static final int KEEP_FIRST = 5;
    static final int KEEP_LAST = 3;
    static final int MAX_GROUPS = 4_096;

    private final Map<GroupKey, Group> groups = new HashMap<>();
    private final Map<EventKind, Long> notKeptByKind = new EnumMap<>(EventKind.class);
    private long sequence;
    private long notKept;

    @Override
    public void accept(Event event) {
        long seq = ++sequence;
        GroupKey key = GroupKey.of(event);
        Group group = groups.get(key);
        if (group == null) {
            if (groups.size() >= MAX_GROUPS) {
                notKept++;
                notKeptByKind.merge(event.kind(), 1L, Long::sum);
                return;
            }
            group = new Group();
            groups.put(key, group);
        }
        group.add(new Kept(seq, event, group));
    }

    /** All events seen, kept or not. */
    public long seen() {
        return sequence;
    }

    /** Events seen but not kept: repeats beyond the first and last few of their group, or beyond the group cap. */
    public long notKept() {
        long dropped = notKept;
        for (Group g : groups.values()) {
            dropped += g.count - g.size();
        }
        return dropped;
    }

    /** The kept events in the order they were read. */
    public List<Event> events() {
        return kept().stream().map(Kept::event).toList();
    }

    List<Kept> kept() {
        List<Kept> all = new ArrayList<>();
        for (Group g : groups.values()) {
            all.addAll(g.first);
            all.addAll(g.last);
        }
        all.sort(Comparator.comparingLong(Kept::seq));
        return all;
    }

    /** An event as kept, with its arrival number (the fallback order when lines carry no time) and its group. */
    record Kept(long seq, Event event, Group group) {
    }

    /** Occurrences of one (kind, principal facts) group. */
    static final class Group {
        private final List<Kept> first = new ArrayList<>(KEEP_FIRST);
        private final ArrayDeque<Kept> last = new ArrayDeque<>(KEEP_LAST);
        private long count;

        private void add(Kept kept) {
            count++;
            if (first.size() < KEEP_FIRST) {
                first.add(kept);
                return;
            }
            if (last.size() == KEEP_LAST) {
                last.removeFirst();
            }
            last.addLast(kept);
        }

        long count() {
            return count;
        }

        int size() {
            return first.size() + last.size();
        }
    }

    private record GroupKey(EventKind kind, Map<Fact, String> facts) {
        static GroupKey of(Event event) {
            Map<Fact, String> principal = new EnumMap<>(Fact.class);
            event.facts().forEach((fact, value) -> {
                if (fact != Fact.DETAIL && fact != Fact.TITLE) {
                    principal.put(fact, value);
                }
            });
            return new GroupKey(event.kind(), principal);
        }
    }
}
