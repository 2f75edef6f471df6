package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.EventSink;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.PrincipalFacts;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the events of one streaming pass in bounded memory. Events are grouped by kind and principal facts
 * (every fact but free text); of each group the first {@link #KEEP_FIRST} and last {@link #KEEP_LAST} occurrences
 * are kept together with a count. At most {@link #MAX_GROUPS} groups of each kind are held; events of further groups of
 * a kind are only counted. So a 2 GiB log with millions of repeated error lines costs the same memory as one with a dozen.
 *
 * <p>Between first and last, a group keeps a time-ordered sample so that {@code within} still finds occurrences in
 * the middle: the group's time span is cut into equal buckets (one minute wide at first, doubled whenever there
 * would be more than {@link #MIDDLE_BUCKETS}) and of each bucket the earliest and the latest occurrence are kept. A
 * window of time that holds an occurrence then always holds a kept one unless the window is shorter than a bucket.
 * A store made for the rules' finest {@code within} ({@link #EvidenceStore(Duration)}) doubles a bucket past that
 * window only once a group has {@link #MAX_FINE_BUCKETS} buckets. As widths double from a minute, a bucket is then
 * at least half the window wide, so {@code within} is exact whenever the group spans at most 512 such windows (a week
 * of 20-minute windows, a year of 18-hour ones), and otherwise when the window is at least 1/8 of the group's span.
 * All groups together keep at most {@link #MIDDLE_BUDGET} such samples; past that, new buckets are not kept.
 *
 * <p>One store serves one analysis on one thread; it is not thread-safe.
 */
public final class EvidenceStore implements EventSink {

    static final int KEEP_FIRST = 5;
    static final int KEEP_LAST = 3;
    static final int MAX_GROUPS = 4_096;
    static final int MIDDLE_BUCKETS = 16;
    /** How many buckets a group may have so that they stay no wider than the finest window of the rules. */
    static final int MAX_FINE_BUCKETS = 1_024;

    static final int MIDDLE_BUDGET = 32_768;

    private final Map<GroupKey, Group> groups = new HashMap<>();
    /**
     * Groups held per kind: each kind has {@link #MAX_GROUPS} of its own, so that one kind that weeks of routine fill
     * (a session id per session, a package state per package) never leaves another kind, or a later failure, without
     * a group. Found on a dense real-mix log: sessions had used up a shared pool after 2 MB, and a later SSU's failed
     * package state was only counted.
     */
    private final int[] groupsOfKind = new int[EventKind.values().length];
    /** Seconds: the finest {@code within} of the rules this store serves (0 for none known). */
    private final long finestWindow;

    private long sequence;
    private long notKept;
    /** Middle samples held by all groups, against {@link #MIDDLE_BUDGET}. */
    private final int[] middleHeld = new int[1];

    /**
     * The hashes of each kind's groups, to tell without a look-up that facts have no group yet: once a kind's cap is
     * reached, the facts of nearly every event without a group of its own are new (a session id each), and looking
     * each up in the map of groups was a sixth of the evidence thread on a dense GiB (JFR, docs/performance-history.md,
     * "Fourth pass").
     */
    private final HashFilter kindHashes = new HashFilter(EventKind.values().length);

    /** Per kind, the stand-in group of the facts only counted (the kind's cap on groups reached), made when needed. */
    private final Group[] countedOnly = new Group[EventKind.values().length];

    /** The kept events in reading order, as {@link #kept()} last worked them out. */
    private List<Kept> keptSoFar;
    /** {@link #sequence} when {@link #keptSoFar} was worked out. */
    private long keptAt;

    /** The time of the previous event and its seconds: runs of events share one time object. */
    private LocalDateTime lastTime;

    private long lastSeconds;

    /** A store for rules with no {@code within}, or whose windows are not known. */
    public EvidenceStore() {
        this(Duration.ZERO);
    }

    /**
     * A store whose time samples stay fine enough for a {@code within} of {@code finestWindow} (see the class
     * comment); {@link RuleBook#finestWindow()} gives it for a book of rules.
     */
    public EvidenceStore(Duration finestWindow) {
        this.finestWindow = Math.max(0, finestWindow.toSeconds());
    }

    @Override
    public void accept(Event event) {
        long seq = ++sequence;
        Map<Fact, String> facts = event.facts();
        EventKind kind = event.kind();
        // A reader gives the events of a repeated line one shared (immutable) facts map, on which the store notes the
        // group it found: a look-up by value hashes and compares the facts' strings (a third of the store's thread on
        // a dense GiB, JFR, when a 256-slot cache by identity missed 3.7 of 5.1 million events).
        Group group = PrincipalFacts.memo(facts) instanceof Group g && g.store == this && g.kind == kind ? g : null;
        if (group == null) {
            group = group(event);
            PrincipalFacts.memo(facts, group);
        }
        if (group.counted()) {
            notKept++;
            return;
        }
        group.add(seq, position(event.time(), seq), event);
    }

    /** Seconds of the line's time; reading order for a line without one. */
    private long position(LocalDateTime time, long seq) {
        if (time == null) {
            return seq;
        }
        if (time != lastTime) {
            lastSeconds = time.toEpochSecond(ZoneOffset.UTC);
            lastTime = time;
        }
        return lastSeconds;
    }

    /** The event's group, new if need be; the kind's stand-in when the event is only counted (the cap is reached). */
    private Group group(Event event) {
        GroupKey key = GroupKey.of(event);
        int kind = event.kind().ordinal();
        if (groupsOfKind[kind] >= MAX_GROUPS && !kindHashes.mayHold(kind, key.hash)) {
            // No group of the kind has the key's hash: a new group's facts, past the cap (a session's new id, say).
            return countedOnly(event.kind());
        }
        Group group = groups.get(key);
        if (group != null) {
            // The group's key compares with the facts of its latest event: those of the next are compared with
            // facts read lately, mostly still in a cache, not with those of its first event, read perhaps long ago.
            group.key.facts = event.facts();
        } else {
            if (groupsOfKind[kind] >= MAX_GROUPS) {
                // The cap stays reached: facts once only counted are always only counted.
                return countedOnly(event.kind());
            }
            group = new Group(this, key, event.kind(), groups.size());
            groups.put(key, group);
            groupsOfKind[kind]++;
            kindHashes.add(kind, key.hash);
        }
        return group;
    }

    private Group countedOnly(EventKind kind) {
        Group counted = countedOnly[kind.ordinal()];
        if (counted == null) {
            counted = new Group(this, null, kind, Group.COUNTED);
            countedOnly[kind.ordinal()] = counted;
        }
        return counted;
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

    /** Each group of {@code kind}: its first event and how many events it had, kept or not. */
    public List<GroupCount> groups(EventKind kind) {
        List<GroupCount> out = new ArrayList<>();
        for (Map.Entry<GroupKey, Group> e : groups.entrySet()) {
            if (e.getKey().kind == kind && e.getValue().firstSize > 0) {
                out.add(new GroupCount(e.getValue().first[0].event(), e.getValue().count));
            }
        }
        out.sort(Comparator.comparingLong((GroupCount g) -> -g.count()));
        return out;
    }

    /** A group as the report counts it: the first event read of it and the number of its events. */
    public record GroupCount(Event first, long count) {}

    /** The kept events in the order they were read. */
    public List<Event> events() {
        return kept().stream().map(Kept::event).toList();
    }

    /**
     * The kept events in reading order. Worked out once for all the events seen so far: the rules and the report
     * both ask for them after the scan, and sorting tens of thousands twice was a tenth of a typical bundle's time
     * in a warm JVM.
     */
    List<Kept> kept() {
        if (keptSoFar == null || keptAt != sequence) {
            keptSoFar = Collections.unmodifiableList(sortedKept());
            keptAt = sequence;
        }
        return keptSoFar;
    }

    private List<Kept> sortedKept() {
        List<Kept> all = new ArrayList<>();
        for (Group g : groups.values()) {
            all.addAll(Arrays.asList(g.first).subList(0, g.firstSize));
            g.middle.forEach(all::add);
            for (int i = 0; i < g.lastSize; i++) {
                int slot = (g.lastStart + i) % KEEP_LAST;
                // Made here: an event of the last few mostly leaves them unkept, so it gets no Kept while it is there.
                all.add(new Kept(g.lastSeq[slot], g.lastEvent[slot], g));
            }
        }
        return bySeq(all);
    }

    /**
     * {@code kept} in arrival order. The numbers are unique and below 2^43 (a line or more each), and there are fewer
     * than 2^20 kept events, so number and index pack into one long and a primitive sort orders them: sorting the
     * objects with a comparator was a tenth of a typical bundle's time in a warm JVM.
     */
    private static List<Kept> bySeq(List<Kept> kept) {
        if (kept.size() >= 1 << 20) {
            kept.sort(Comparator.comparingLong(Kept::seq));
            return kept;
        }
        long[] keys = new long[kept.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (kept.get(i).seq() << 20) | i;
        }
        Arrays.sort(keys);
        List<Kept> sorted = new ArrayList<>(keys.length);
        for (long key : keys) {
            sorted.add(kept.get((int) (key & ((1 << 20) - 1))));
        }
        return sorted;
    }

    /** An event as kept, with its arrival number (the fallback order when lines carry no time) and its group. */
    record Kept(long seq, Event event, Group group) {
        // One Kept per event read, told apart by its sequence number: the generated hashCode hashed the whole event
        // (facts, time, line) on every set look-up of the rules, 7% of a dense log's time (JFR,
        // docs/performance-history.md, "Dense input").
        @Override
        public int hashCode() {
            return Long.hashCode(seq);
        }

        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Kept k && k.seq == seq && k.event.equals(event);
        }
    }

    /**
     * Occurrences of one (kind, principal facts) group. The first and last few are in arrays of their own, not in a
     * list and a deque: one object less to reach for every event of the group. The last few are a ring of events with
     * their numbers and positions, without a {@link Kept} each: nearly all of them leave it for good (a Kept per
     * event read was 3% of a dense GiB's allocation, JFR).
     */
    static final class Group {
        /** The {@link #number} of a kind's stand-in for the groups past the cap, whose events are only counted. */
        static final int COUNTED = -1;

        /** Final, as is {@link #kind}: the group is noted on facts maps, which another store could read. */
        private final EvidenceStore store;

        private final EventKind kind;
        /** The group's key in the store's map (null for a stand-in). */
        private final GroupKey key;
        /**
         * The group's number in its store, from 0 in the order the groups were made, or {@link #COUNTED}: the rules
         * index arrays by it ({@link KeptByKind}).
         */
        private final int number;

        private final Kept[] first;
        private int firstSize;
        private final Event[] lastEvent;
        private final long[] lastSeq;
        private final long[] lastAt;
        /** Index in {@link #lastEvent} of the earliest of the last. */
        private int lastStart;

        private int lastSize;
        private final TimeSample middle;
        private long count;

        private Group(EvidenceStore store, GroupKey key, EventKind kind, int number) {
            this.store = store;
            this.key = key;
            this.kind = kind;
            this.number = number;
            boolean counted = counted();
            this.first = counted ? null : new Kept[KEEP_FIRST];
            this.lastEvent = counted ? null : new Event[KEEP_LAST];
            this.lastSeq = counted ? null : new long[KEEP_LAST];
            this.lastAt = counted ? null : new long[KEEP_LAST];
            this.middle = counted ? null : new TimeSample(this, store.middleHeld, store.finestWindow);
        }

        private void add(long seq, long at, Event event) {
            count++;
            if (firstSize < KEEP_FIRST) {
                first[firstSize++] = new Kept(seq, event, this);
                return;
            }
            int slot;
            if (lastSize < KEEP_LAST) {
                slot = (lastStart + lastSize++) % KEEP_LAST;
            } else {
                slot = lastStart;
                middle.sample(lastSeq[slot], lastAt[slot], lastEvent[slot]);
                lastStart = slot + 1 == KEEP_LAST ? 0 : slot + 1;
            }
            lastEvent[slot] = event;
            lastSeq[slot] = seq;
            lastAt[slot] = at;
        }

        long count() {
            return count;
        }

        int number() {
            return number;
        }

        /** Whether this is a kind's stand-in for the groups past the cap, whose events are only counted. */
        boolean counted() {
            return number == COUNTED;
        }

        int size() {
            return firstSize + middle.size() + lastSize;
        }
    }

    /**
     * Kind and principal facts; hash and equality written out, as they run for every event read. The key holds the
     * event's own facts and leaves out free text in its hash and comparison ({@link PrincipalFacts}); the hash is the
     * one a copy of the principal facts would have.
     */
    private static final class GroupKey {
        private final EventKind kind;
        /** Facts of an event of the group; the store puts the latest looked up by value here (same hash and equality). */
        private Map<Fact, String> facts;

        private final int hash;

        private GroupKey(EventKind kind, Map<Fact, String> facts) {
            this.kind = kind;
            this.facts = facts;
            this.hash = kind.hashCode() * 31 + PrincipalFacts.hash(facts);
        }

        static GroupKey of(Event event) {
            return new GroupKey(event.kind(), event.facts());
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GroupKey k && hash == k.hash && kind == k.kind && PrincipalFacts.equal(facts, k.facts);
        }
    }
}
