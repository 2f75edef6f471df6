package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.SourceLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The sorted-array time sample against the tree map it replaced, on random occurrences. */
class TimeSampleTest {

    private static final Event EVENT =
            new Event(EventKind.ERROR_CODE, new SourceLine("CBS.log", 1, "e"), null, Map.of());

    @Test
    void keepsTheSameBucketsAsTheTreeMapItReplaced() {
        Random random = new Random(16);
        for (int round = 0; round < 300; round++) {
            long finest = new long[] {0, 1_200, 18 * 3_600, 7 * 86_400}[round % 4];
            int groups = 1 + random.nextInt(6);
            // A budget nearly spent in some rounds, so that new buckets are refused and widening frees some again.
            int spent = round % 3 == 0 ? EvidenceStore.MIDDLE_BUDGET - random.nextInt(200) : 0;
            int[] held = {spent};
            int[] heldBefore = {spent};
            List<TimeSample> samples = new ArrayList<>();
            List<TreeMapSample> before = new ArrayList<>();
            long[] clock = new long[groups];
            for (int g = 0; g < groups; g++) {
                samples.add(new TimeSample(null, held, finest));
                before.add(new TreeMapSample(heldBefore, finest));
                clock[g] = 1_700_000_000L + random.nextInt(86_400);
            }
            int occurrences = 200 + random.nextInt(3_000);
            for (int seq = 1; seq <= occurrences; seq++) {
                int g = random.nextInt(groups);
                // Now and then one occurrence from the past (a line of another time in the midst of a run).
                long at = random.nextInt(15) == 0
                        ? clock[g] - random.nextInt(3 * 86_400)
                        : (clock[g] = next(random, clock[g], seq));
                samples.get(g).sample(seq, at, EVENT);
                before.get(g).sample(new Occurrence(seq, at));
                assertThat(held[0]).isEqualTo(heldBefore[0]);
                assertSame(samples.get(g), before.get(g));
            }
        }
    }

    /** Mostly forwards by seconds to days, sometimes back, sometimes a line without time (its arrival number). */
    private static long next(Random random, long at, long seq) {
        return switch (random.nextInt(20)) {
            case 0 -> at - random.nextInt(7 * 86_400);
            case 1 -> seq;
            case 2 -> at + random.nextInt(30 * 86_400);
            case 3, 4 -> at;
            default -> at + random.nextInt(random.nextBoolean() ? 120 : 7_200);
        };
    }

    private static void assertSame(TimeSample sample, TreeMapSample before) {
        assertThat(sample.bucketWidth()).isEqualTo(before.bucketWidth);
        assertThat(sample.size()).isEqualTo(before.middleSize);
        assertThat(sample.buckets()).isEqualTo(before.middle.size());
        int i = 0;
        for (Map.Entry<Long, Occurrence[]> e : before.middle.entrySet()) {
            assertThat(sample.key(i)).isEqualTo(e.getKey());
            Occurrence[] ends = e.getValue();
            assertThat(sample.earliest(i).seq()).isEqualTo(ends[0].seq());
            assertThat(sample.earliestAt(i)).isEqualTo(ends[0].at());
            assertThat(sample.latest(i).seq()).isEqualTo(ends[1].seq());
            assertThat(sample.latestAt(i)).isEqualTo(ends[1].at());
            assertThat(sample.earliest(i) == sample.latest(i)).isEqualTo(ends[0] == ends[1]);
            i++;
        }
    }

    /** An occurrence as the tree map sample kept it (a Kept then, with its position worked out from its event). */
    private record Occurrence(long seq, long at) {}

    /** The middle sample as EvidenceStore.Group kept it before: a tree map from bucket number to its two ends. */
    private static final class TreeMapSample {
        private final TreeMap<Long, Occurrence[]> middle = new TreeMap<>();
        private final int[] middleHeld;
        private final long finestWindow;
        private long bucketWidth = 60;
        private long lastKey = Long.MIN_VALUE;
        private Occurrence[] lastBucket;
        private long maxKey = Long.MIN_VALUE;
        private int middleSize;

        TreeMapSample(int[] middleHeld, long finestWindow) {
            this.middleHeld = middleHeld;
            this.finestWindow = finestWindow;
        }

        void sample(Occurrence kept) {
            long at = kept.at();
            long key = Math.floorDiv(at, bucketWidth);
            Occurrence[] bucket = key == lastKey ? lastBucket : key > maxKey ? null : middle.get(key);
            if (bucket != null) {
                lastKey = key;
                lastBucket = bucket;
                if (at < bucket[0].at()) {
                    replace(bucket, 0, kept);
                } else if (at >= bucket[1].at()) {
                    replace(bucket, 1, kept);
                }
                return;
            }
            if (middleHeld[0] + 2 > EvidenceStore.MIDDLE_BUDGET) {
                return;
            }
            middle.put(key, new Occurrence[] {kept, kept});
            maxKey = Math.max(maxKey, key);
            hold(1);
            while (middle.size() > bucketsBeforeWidening()) {
                widen();
            }
        }

        private void replace(Occurrence[] bucket, int end, Occurrence kept) {
            if (bucket[0] == bucket[1]) {
                hold(1);
            }
            bucket[end] = kept;
        }

        private int bucketsBeforeWidening() {
            return finestWindow > 0 && bucketWidth * 2 > finestWindow
                    ? EvidenceStore.MAX_FINE_BUCKETS
                    : EvidenceStore.MIDDLE_BUCKETS;
        }

        private void widen() {
            bucketWidth *= 2;
            lastKey = Long.MIN_VALUE;
            lastBucket = null;
            TreeMap<Long, Occurrence[]> merged = new TreeMap<>();
            for (Occurrence[] b : middle.values()) {
                Occurrence[] into = merged.get(Math.floorDiv(b[0].at(), bucketWidth));
                if (into == null) {
                    merged.put(Math.floorDiv(b[0].at(), bucketWidth), b);
                    continue;
                }
                into[0] = b[0].at() < into[0].at() ? b[0] : into[0];
                into[1] = b[1].at() >= into[1].at() ? b[1] : into[1];
            }
            middle.clear();
            middle.putAll(merged);
            maxKey = middle.isEmpty() ? Long.MIN_VALUE : middle.lastKey();
            int held = 0;
            for (Occurrence[] b : middle.values()) {
                held += b[0] == b[1] ? 1 : 2;
            }
            hold(held - middleSize);
        }

        private void hold(int more) {
            middleSize += more;
            middleHeld[0] += more;
        }
    }
}
