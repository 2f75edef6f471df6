package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.rules.EvidenceStore.Group;
import com.patchdesk.diagnosis.rules.EvidenceStore.Kept;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The middle sample of one group of the {@link EvidenceStore} (see its class comment): bucket number → earliest and
 * latest occurrence of the bucket, for the occurrences that left the group's last few. Kept as sorted parallel arrays
 * rather than a tree map: buckets nearly always come in time order, so a new one goes at the end, and a look-up is a
 * binary search over a thousand longs at most, with no boxed key or tree node per bucket to reach. The positions of
 * the ends are in arrays of their own too, and a {@link Kept} is made only for an occurrence the sample keeps: deciding
 * reaches no event read long before, whose objects are no longer in a cache. With the positions worked out as events
 * arrive, adding to groups fell from 12% to 4% of a dense GiB's samples (JFR). Not thread-safe: it serves its store's
 * thread.
 */
final class TimeSample {

    private static final long FIRST_BUCKET_WIDTH = 60;
    private static final long[] NO_LONGS = new long[0];
    private static final Kept[] NO_KEPT = new Kept[0];

    /** The group whose sample this is, for the {@link Kept} it makes. */
    private final Group group;

    /** Middle samples held by all groups of the store, against {@link EvidenceStore#MIDDLE_BUDGET}. */
    private final int[] held;
    /** Seconds; buckets may stay this narrow, up to {@link EvidenceStore#MAX_FINE_BUCKETS} of them. */
    private final long finestWindow;

    private long bucketWidth = FIRST_BUCKET_WIDTH;
    /**
     * The width is {@link #FIRST_BUCKET_WIDTH} doubled this many times: a bucket number is a division by a constant
     * and a shift, not a division by a variable (some 40 cycles, for every occurrence that leaves the last few).
     */
    private int doublings;
    /**
     * Bucket numbers, ascending; {@link #earliest} and {@link #latest} hold each bucket's ends at the same index, and
     * {@link #earliestAt} and {@link #latestAt} their positions.
     */
    private long[] keys = NO_LONGS;

    private Kept[] earliest = NO_KEPT;
    private Kept[] latest = NO_KEPT;
    private long[] earliestAt = NO_LONGS;
    private long[] latestAt = NO_LONGS;
    private int buckets;
    /** The bucket {@link #sample} last found, by its number and index (MIN_VALUE when none). */
    private long lastKey = Long.MIN_VALUE;

    private int lastIndex;
    /** Samples this group holds: one for a bucket of one occurrence, two otherwise. */
    private int size;

    TimeSample(Group group, int[] held, long finestWindow) {
        this.group = group;
        this.held = held;
        this.finestWindow = finestWindow;
    }

    /**
     * Samples the occurrence read {@code seq}-th, at position {@code at}: seconds of the line's time, else its number
     * (so it is the order of reading for lines without time).
     */
    void sample(long seq, long at, Event event) {
        long key = bucket(at);
        // Occurrences mostly come in time order, so the bucket is mostly the one before, or a new one at the end.
        int i;
        if (key == lastKey) {
            i = lastIndex;
        } else if (buckets == 0 || key > keys[buckets - 1]) {
            i = -buckets - 1;
        } else {
            i = Arrays.binarySearch(keys, 0, buckets, key);
        }
        if (i >= 0) {
            lastKey = key;
            lastIndex = i;
            if (at < earliestAt[i]) {
                replace(earliest, earliestAt, i, new Kept(seq, event, group), at);
            } else if (at >= latestAt[i]) {
                replace(latest, latestAt, i, new Kept(seq, event, group), at);
            }
            return;
        }
        if (held[0] + 2 > EvidenceStore.MIDDLE_BUDGET) {
            return;
        }
        insert(-i - 1, key, at, new Kept(seq, event, group));
        hold(1);
        while (buckets > bucketsBeforeWidening()) {
            widen();
        }
    }

    /** {@code floorDiv(at, bucketWidth)}: the arithmetic shift rounds down as floorDiv does. */
    private long bucket(long at) {
        return Math.floorDiv(at, FIRST_BUCKET_WIDTH) >> doublings;
    }

    private void insert(int index, long key, long at, Kept kept) {
        if (buckets == keys.length) {
            int capacity = Math.max(8, buckets * 2);
            keys = Arrays.copyOf(keys, capacity);
            earliest = Arrays.copyOf(earliest, capacity);
            latest = Arrays.copyOf(latest, capacity);
            earliestAt = Arrays.copyOf(earliestAt, capacity);
            latestAt = Arrays.copyOf(latestAt, capacity);
        }
        int after = buckets - index;
        if (after > 0) {
            System.arraycopy(keys, index, keys, index + 1, after);
            System.arraycopy(earliest, index, earliest, index + 1, after);
            System.arraycopy(latest, index, latest, index + 1, after);
            System.arraycopy(earliestAt, index, earliestAt, index + 1, after);
            System.arraycopy(latestAt, index, latestAt, index + 1, after);
            if (lastKey != Long.MIN_VALUE && lastIndex >= index) {
                lastIndex++;
            }
        }
        keys[index] = key;
        earliest[index] = kept;
        latest[index] = kept;
        earliestAt[index] = at;
        latestAt[index] = at;
        buckets++;
    }

    private void replace(Kept[] end, long[] endAt, int i, Kept kept, long at) {
        if (earliest[i] == latest[i]) {
            hold(1);
        }
        end[i] = kept;
        endAt[i] = at;
    }

    /**
     * A few buckets while doubling them keeps them no wider than the finest window; many once doubling would make
     * them wider (and, should that many not suffice, still as many, so they stay as narrow as they can).
     */
    private int bucketsBeforeWidening() {
        return finestWindow > 0 && bucketWidth * 2 > finestWindow
                ? EvidenceStore.MAX_FINE_BUCKETS
                : EvidenceStore.MIDDLE_BUCKETS;
    }

    /**
     * Doubles the bucket width: neighbours merge, keeping the earliest and the latest of the two. Every occurrence of
     * a bucket lies in it, so the new numbers ascend with the old ones: merging goes in one pass, in place.
     */
    private void widen() {
        bucketWidth *= 2;
        doublings++;
        lastKey = Long.MIN_VALUE;
        int merged = 0;
        for (int j = 0; j < buckets; j++) {
            long key = bucket(earliestAt[j]);
            if (merged > 0 && keys[merged - 1] == key) {
                int into = merged - 1;
                if (earliestAt[j] < earliestAt[into]) {
                    earliest[into] = earliest[j];
                    earliestAt[into] = earliestAt[j];
                }
                if (latestAt[j] >= latestAt[into]) {
                    latest[into] = latest[j];
                    latestAt[into] = latestAt[j];
                }
                continue;
            }
            keys[merged] = key;
            earliest[merged] = earliest[j];
            latest[merged] = latest[j];
            earliestAt[merged] = earliestAt[j];
            latestAt[merged] = latestAt[j];
            merged++;
        }
        Arrays.fill(earliest, merged, buckets, null);
        Arrays.fill(latest, merged, buckets, null);
        buckets = merged;
        int now = 0;
        for (int j = 0; j < buckets; j++) {
            now += earliest[j] == latest[j] ? 1 : 2;
        }
        hold(now - size);
    }

    private void hold(int more) {
        size += more;
        held[0] += more;
    }

    /** Samples held. */
    int size() {
        return size;
    }

    /** Each bucket's earliest and (when another) latest occurrence, bucket by bucket in time order. */
    void forEach(Consumer<Kept> action) {
        for (int j = 0; j < buckets; j++) {
            action.accept(earliest[j]);
            if (latest[j] != earliest[j]) {
                action.accept(latest[j]);
            }
        }
    }

    int buckets() {
        return buckets;
    }

    long key(int bucket) {
        return keys[bucket];
    }

    Kept earliest(int bucket) {
        return earliest[bucket];
    }

    Kept latest(int bucket) {
        return latest[bucket];
    }

    long earliestAt(int bucket) {
        return earliestAt[bucket];
    }

    long latestAt(int bucket) {
        return latestAt[bucket];
    }

    long bucketWidth() {
        return bucketWidth;
    }
}
