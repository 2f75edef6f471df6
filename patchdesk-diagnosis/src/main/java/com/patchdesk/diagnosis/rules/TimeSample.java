package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.rules.EvidenceStore.Kept;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The middle sample of one group of the {@link EvidenceStore} (see its class comment): bucket number → earliest and
 * latest occurrence of the bucket, for the occurrences that left the group's last few. Kept as sorted parallel arrays
 * rather than a tree map: buckets nearly always come in time order, so a new one goes at the end, and a look-up is a
 * binary search over a thousand longs at most, with no boxed key or tree node per bucket to reach. With the
 * positions worked out as events arrive ({@link Kept#at()}), adding to groups fell from 12% to 4% of a dense GiB's
 * samples (JFR). Not thread-safe: it serves its store's thread.
 */
final class TimeSample {

    private static final long FIRST_BUCKET_WIDTH = 60;
    private static final long[] NO_KEYS = new long[0];
    private static final Kept[] NO_KEPT = new Kept[0];

    /** Middle samples held by all groups of the store, against {@link EvidenceStore#MIDDLE_BUDGET}. */
    private final int[] held;
    /** Seconds; buckets may stay this narrow, up to {@link EvidenceStore#MAX_FINE_BUCKETS} of them. */
    private final long finestWindow;

    private long bucketWidth = FIRST_BUCKET_WIDTH;
    /** Bucket numbers, ascending; {@link #earliest} and {@link #latest} hold each bucket's ends at the same index. */
    private long[] keys = NO_KEYS;

    private Kept[] earliest = NO_KEPT;
    private Kept[] latest = NO_KEPT;
    private int buckets;
    /** The bucket {@link #sample} last found, by its number and index (MIN_VALUE when none). */
    private long lastKey = Long.MIN_VALUE;

    private int lastIndex;
    /** Samples this group holds: one for a bucket of one occurrence, two otherwise. */
    private int size;

    TimeSample(int[] held, long finestWindow) {
        this.held = held;
        this.finestWindow = finestWindow;
    }

    void sample(Kept kept) {
        long at = kept.at();
        long key = Math.floorDiv(at, bucketWidth);
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
            if (at < earliest[i].at()) {
                replace(earliest, i, kept);
            } else if (at >= latest[i].at()) {
                replace(latest, i, kept);
            }
            return;
        }
        if (held[0] + 2 > EvidenceStore.MIDDLE_BUDGET) {
            return;
        }
        insert(-i - 1, key, kept);
        hold(1);
        while (buckets > bucketsBeforeWidening()) {
            widen();
        }
    }

    private void insert(int at, long key, Kept kept) {
        if (buckets == keys.length) {
            int capacity = Math.max(8, buckets * 2);
            keys = Arrays.copyOf(keys, capacity);
            earliest = Arrays.copyOf(earliest, capacity);
            latest = Arrays.copyOf(latest, capacity);
        }
        int after = buckets - at;
        if (after > 0) {
            System.arraycopy(keys, at, keys, at + 1, after);
            System.arraycopy(earliest, at, earliest, at + 1, after);
            System.arraycopy(latest, at, latest, at + 1, after);
            if (lastKey != Long.MIN_VALUE && lastIndex >= at) {
                lastIndex++;
            }
        }
        keys[at] = key;
        earliest[at] = kept;
        latest[at] = kept;
        buckets++;
    }

    private void replace(Kept[] end, int i, Kept kept) {
        if (earliest[i] == latest[i]) {
            hold(1);
        }
        end[i] = kept;
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
        lastKey = Long.MIN_VALUE;
        int merged = 0;
        for (int j = 0; j < buckets; j++) {
            long key = Math.floorDiv(earliest[j].at(), bucketWidth);
            if (merged > 0 && keys[merged - 1] == key) {
                int into = merged - 1;
                earliest[into] = earliest[j].at() < earliest[into].at() ? earliest[j] : earliest[into];
                latest[into] = latest[j].at() >= latest[into].at() ? latest[j] : latest[into];
                continue;
            }
            keys[merged] = key;
            earliest[merged] = earliest[j];
            latest[merged] = latest[j];
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

    long bucketWidth() {
        return bucketWidth;
    }
}
