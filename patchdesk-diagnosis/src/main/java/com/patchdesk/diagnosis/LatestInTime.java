package com.patchdesk.diagnosis;

import com.patchdesk.diagnosis.read.Event;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The latest of a report's timed events, for its timeline. */
final class LatestInTime {

    private LatestInTime() {}

    /**
     * The last {@code max} of {@code timedInReadingOrder} (all have a time) sorted by time, the reading order kept among
     * equal times; empty when {@code max} is not positive. Each event's time is read once, as a number: the numbers
     * are sorted to find the cut, and only the events after it are sorted as events. Sorting tens of thousands of
     * events by comparing their times, three objects each to read for every comparison, was a thirtieth of a typical
     * bundle's analysis in a warm JVM (JFR, docs/performance-history.md, "Tenth pass").
     */
    static List<Event> of(List<Event> timedInReadingOrder, int max) {
        int n = timedInReadingOrder.size();
        if (max <= 0 || n == 0) {
            return List.of();
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            LocalDateTime t = timedInReadingOrder.get(i).time();
            if (t.getYear() < 1700 || t.getYear() > 2200) {
                // Outside what a long of nanoseconds holds: the comparisons of the times themselves.
                List<Event> sorted = timedInReadingOrder.stream()
                        .sorted(Comparator.comparing(Event::time))
                        .toList();
                return sorted.subList(Math.max(0, n - max), n);
            }
            keys[i] = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
        }
        // The time at or after which the latest max are: of the events at exactly that time, the last ones read.
        long from = Long.MIN_VALUE;
        if (n > max) {
            long[] sortedKeys = keys.clone();
            Arrays.sort(sortedKeys);
            from = sortedKeys[n - max];
        }
        int later = 0;
        for (long key : keys) {
            later += key > from ? 1 : 0;
        }
        int atFrom = Math.min(n, max) - later;
        List<Integer> chosen = new ArrayList<>(Math.min(n, max));
        for (int i = n - 1; i >= 0; i--) {
            if (keys[i] > from || (keys[i] == from && atFrom-- > 0)) {
                chosen.add(i);
            }
        }
        chosen.sort(Comparator.<Integer>comparingLong(i -> keys[i]).thenComparingInt(i -> i));
        List<Event> latest = new ArrayList<>(chosen.size());
        for (int i : chosen) {
            latest.add(timedInReadingOrder.get(i));
        }
        return latest;
    }
}
