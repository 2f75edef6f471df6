package com.patchdesk.diagnosis.attempts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servicing attempts of one bundle in reading order, with how many routine sessions (that changed nothing and
 * failed nothing) were only counted, and how many attempts were dropped past {@link AttemptTracker#MAX_KEPT}.
 * Immutable; looking up the attempt of a line is a binary search in its file's attempts.
 */
public final class Attempts {

    public static final Attempts NONE = new Attempts(List.of(), 0, 0);

    private final List<Attempt> list;
    private final long routineSessions;
    private final long dropped;
    /** Per file, its attempts by first line. */
    private final Map<String, List<Attempt>> byFile = new HashMap<>();

    public Attempts(List<Attempt> list, long routineSessions, long dropped) {
        this.list = List.copyOf(list);
        this.routineSessions = routineSessions;
        this.dropped = dropped;
        for (Attempt a : this.list) {
            byFile.computeIfAbsent(a.file(), f -> new ArrayList<>()).add(a);
        }
        byFile.values().forEach(l -> l.sort(Comparator.comparingLong(Attempt::firstLine)));
    }

    public List<Attempt> list() {
        return list;
    }

    /** Sessions that changed nothing and failed nothing: counted, not kept. */
    public long routineSessions() {
        return routineSessions;
    }

    /** Attempts dropped because there were more than a bundle keeps (the oldest go). */
    public long dropped() {
        return dropped;
    }

    /** The attempt during which {@code file}'s line {@code line} was written (the latest-started one if nested). */
    public Optional<Attempt> of(String file, long line) {
        List<Attempt> attempts = byFile.get(file);
        if (attempts == null) {
            return Optional.empty();
        }
        int lo = 0;
        int hi = attempts.size() - 1;
        int last = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (attempts.get(mid).firstLine() <= line) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // Attempts rarely nest; look back a few for one that still spans the line.
        for (int i = last; i >= 0 && i >= last - 8; i--) {
            if (attempts.get(i).contains(file, line)) {
                return Optional.of(attempts.get(i));
            }
        }
        return Optional.empty();
    }

    /** The attempts in time order (reading order for those without a time): the latest is the machine's state. */
    public List<Attempt> chronological() {
        return list.stream()
                .sorted(Comparator.comparing((Attempt a) -> a.start().isEmpty())
                        .thenComparing(a -> a.start().orElse(null), Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** The latest attempt that failed. */
    public Optional<Attempt> latestFailed() {
        return latest(list.stream().filter(Attempt::failed).toList());
    }

    /** The latest attempt: the machine's current state. */
    public Optional<Attempt> latest() {
        return latest(list);
    }

    /**
     * The latest of {@code attempts} by time. An attempt without a time (console output pasted beside the logs) is
     * not taken for later than timed ones: it is most often the same failure a timed log tells; it is the latest only
     * when no attempt has a time.
     */
    private static Optional<Attempt> latest(List<Attempt> attempts) {
        Optional<Attempt> timed = attempts.stream()
                .filter(a -> a.start().isPresent())
                .max(Comparator.comparing(a -> a.start().get()));
        return timed.isPresent() ? timed : attempts.stream().reduce((a, b) -> b);
    }
}
