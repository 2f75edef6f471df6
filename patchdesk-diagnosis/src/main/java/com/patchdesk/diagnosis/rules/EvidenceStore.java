package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.EventSink;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.PrincipalFacts;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    private static final long FIRST_BUCKET_WIDTH = 60;

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

    private final Map<EventKind, Long> notKeptByKind = new EnumMap<>(EventKind.class);
    private long sequence;
    private long notKept;
    /** Middle samples held by all groups, against {@link #MIDDLE_BUDGET}. */
    private final int[] middleHeld = new int[1];

    /**
     * The groups of recent events by the identity of their facts: a reader gives the events of a repeated line one
     * shared (immutable) facts map, and a look-up by identity is far cheaper than one by the principal facts.
     */
    private final Map<?, ?>[] recentFacts = new Map<?, ?>[RECENT];

    private final EventKind[] recentKinds = new EventKind[RECENT];
    private final Group[] recentGroups = new Group[RECENT];
    private static final int RECENT = 256;

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
        int slot = System.identityHashCode(facts) & (RECENT - 1);
        Group group;
        if (recentFacts[slot] == facts && recentKinds[slot] == event.kind()) {
            group = recentGroups[slot];
        } else {
            group = group(event);
            if (group == null) {
                return;
            }
            recentFacts[slot] = facts;
            recentKinds[slot] = event.kind();
            recentGroups[slot] = group;
        }
        group.add(new Kept(seq, event, group));
    }

    /** The event's group, new if need be; null when the event is only counted (the cap on groups is reached). */
    private Group group(Event event) {
        GroupKey key = GroupKey.of(event);
        Group group = groups.get(key);
        if (group == null) {
            int kind = event.kind().ordinal();
            if (groupsOfKind[kind] >= MAX_GROUPS) {
                notKept++;
                notKeptByKind.merge(event.kind(), 1L, Long::sum);
                return null;
            }
            group = new Group(middleHeld, finestWindow);
            groups.put(key, group);
            groupsOfKind[kind]++;
        }
        return group;
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
            if (e.getKey().kind == kind && !e.getValue().first.isEmpty()) {
                out.add(new GroupCount(e.getValue().first.get(0).event(), e.getValue().count));
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

    List<Kept> kept() {
        List<Kept> all = new ArrayList<>();
        for (Group g : groups.values()) {
            all.addAll(g.first);
            g.middle.values().forEach(b -> {
                all.add(b[0]);
                if (b[1] != b[0]) {
                    all.add(b[1]);
                }
            });
            all.addAll(g.last);
        }
        all.sort(Comparator.comparingLong(Kept::seq));
        return all;
    }

    /** An event as kept, with its arrival number (the fallback order when lines carry no time) and its group. */
    record Kept(long seq, Event event, Group group) {
        // One Kept per event read, told apart by its sequence number: the generated hashCode hashed the whole event
        // (facts, time, line) on every set look-up of the rules, 7% of a dense log's time (JFR, docs/performance.md).
        @Override
        public int hashCode() {
            return Long.hashCode(seq);
        }

        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Kept k && k.seq == seq && k.event.equals(event);
        }
    }

    /** Occurrences of one (kind, principal facts) group. */
    static final class Group {
        private final List<Kept> first = new ArrayList<>(KEEP_FIRST);
        private final ArrayDeque<Kept> last = new ArrayDeque<>(KEEP_LAST);
        /** Bucket number → {earliest, latest} occurrence of the bucket, for those that left {@code last}. */
        private final TreeMap<Long, Kept[]> middle = new TreeMap<>();

        private final int[] middleHeld;
        private long bucketWidth = FIRST_BUCKET_WIDTH;
        /** The bucket {@link #sample} last found, by its number. */
        private long lastKey = Long.MIN_VALUE;

        private Kept[] lastBucket;
        /**
         * The greatest bucket number in {@link #middle} (MIN_VALUE when none): a later bucket is known to be new
         * without a look-up. Once the store's sample budget is spent, every occurrence in a new bucket used to look
         * the tree up for nothing (12% of a dense GiB's samples, JFR).
         */
        private long maxKey = Long.MIN_VALUE;

        private int middleSize;
        private long count;

        /** Seconds; buckets may stay this narrow, up to {@link #MAX_FINE_BUCKETS} of them. */
        private final long finestWindow;

        private Group(int[] middleHeld, long finestWindow) {
            this.middleHeld = middleHeld;
            this.finestWindow = finestWindow;
        }

        private void add(Kept kept) {
            count++;
            if (first.size() < KEEP_FIRST) {
                first.add(kept);
                return;
            }
            if (last.size() == KEEP_LAST) {
                sample(last.removeFirst());
            }
            last.addLast(kept);
        }

        private void sample(Kept kept) {
            long at = position(kept);
            long key = Math.floorDiv(at, bucketWidth);
            // Occurrences mostly come in time order, so the bucket is mostly the one before.
            Kept[] bucket = key == lastKey ? lastBucket : key > maxKey ? null : middle.get(key);
            if (bucket != null) {
                lastKey = key;
                lastBucket = bucket;
                if (at < position(bucket[0])) {
                    replace(bucket, 0, kept);
                } else if (at >= position(bucket[1])) {
                    replace(bucket, 1, kept);
                }
                return;
            }
            if (middleHeld[0] + 2 > MIDDLE_BUDGET) {
                return;
            }
            middle.put(key, new Kept[] {kept, kept});
            maxKey = Math.max(maxKey, key);
            hold(1);
            while (middle.size() > bucketsBeforeWidening()) {
                widen();
            }
        }

        private void replace(Kept[] bucket, int end, Kept kept) {
            if (bucket[0] == bucket[1]) {
                hold(1);
            }
            bucket[end] = kept;
        }

        /**
         * A few buckets while doubling them keeps them no wider than the finest window; many once doubling would
         * make them wider (and, should that many not suffice, still as many, so they stay as narrow as they can).
         */
        private int bucketsBeforeWidening() {
            return finestWindow > 0 && bucketWidth * 2 > finestWindow ? MAX_FINE_BUCKETS : MIDDLE_BUCKETS;
        }

        /** Doubles the bucket width: neighbours merge, keeping the earliest and the latest of the two. */
        private void widen() {
            bucketWidth *= 2;
            lastKey = Long.MIN_VALUE;
            lastBucket = null;
            TreeMap<Long, Kept[]> merged = new TreeMap<>();
            for (Kept[] b : middle.values()) {
                Kept[] into = merged.get(Math.floorDiv(position(b[0]), bucketWidth));
                if (into == null) {
                    merged.put(Math.floorDiv(position(b[0]), bucketWidth), b);
                    continue;
                }
                into[0] = position(b[0]) < position(into[0]) ? b[0] : into[0];
                into[1] = position(b[1]) >= position(into[1]) ? b[1] : into[1];
            }
            middle.clear();
            middle.putAll(merged);
            maxKey = middle.isEmpty() ? Long.MIN_VALUE : middle.lastKey();
            int held = 0;
            for (Kept[] b : middle.values()) {
                held += b[0] == b[1] ? 1 : 2;
            }
            hold(held - middleSize);
        }

        private void hold(int more) {
            middleSize += more;
            middleHeld[0] += more;
        }

        /** Seconds of the line's time; reading order for a line without one. */
        private static long position(Kept k) {
            LocalDateTime time = k.event().time();
            return time != null ? time.toEpochSecond(ZoneOffset.UTC) : k.seq();
        }

        long count() {
            return count;
        }

        int size() {
            return first.size() + middleSize + last.size();
        }
    }

    /**
     * Kind and principal facts; hash and equality written out, as they run for every event read. The key holds the
     * event's own facts and leaves out free text in its hash and comparison ({@link PrincipalFacts}); the hash is the
     * one a copy of the principal facts would have.
     */
    private static final class GroupKey {
        private final EventKind kind;
        private final Map<Fact, String> facts;
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
