package com.patchdesk.diagnosis.rules;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Optional;

/**
 * "Later than" across files. Logs state local times, so two timed lines compare by time; when either line has no
 * time, lines of the same file compare by line number and lines of different files by the order they were read.
 */
final class Chronology {

    /**
     * A total order for listing: timed lines by time first, then lines without a time, by file and line, then by
     * reading order.
     */
    static final Comparator<EvidenceStore.Kept> ORDER = Comparator.comparing(
                    (EvidenceStore.Kept k) -> k.event().time(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(k -> k.event().source().file())
            .thenComparingLong(k -> k.event().source().line())
            .thenComparingLong(EvidenceStore.Kept::seq);

    private Chronology() {}

    static boolean isAfter(EvidenceStore.Kept later, EvidenceStore.Kept earlier, Optional<Duration> within) {
        Optional<LocalDateTime> t1 = later.event().timestamp();
        Optional<LocalDateTime> t0 = earlier.event().timestamp();
        if (t1.isPresent() && t0.isPresent()) {
            if (!t1.get().isAfter(t0.get())) {
                return t1.get().isEqual(t0.get()) && sameFileLater(later, earlier);
            }
            return within.map(w -> Duration.between(t0.get(), t1.get()).compareTo(w) <= 0)
                    .orElse(true);
        }
        if (later.event().source().file().equals(earlier.event().source().file())) {
            return sameFileLater(later, earlier);
        }
        return later.seq() > earlier.seq();
    }

    private static boolean sameFileLater(EvidenceStore.Kept later, EvidenceStore.Kept earlier) {
        return later.event().source().file().equals(earlier.event().source().file())
                && later.event().source().line() > earlier.event().source().line();
    }
}
