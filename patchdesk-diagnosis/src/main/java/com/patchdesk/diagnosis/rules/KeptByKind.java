package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.EventKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kept events of one analysis by kind, each kind's in reading order: a rule's clause asks for one or two kinds, and
 * every clause of every rule used to filter all kept events again. On a typical bundle in a warm JVM that filtering
 * and the growing of its lists were a third of the rules' time (JFR, docs/performance.md). Read-only once made, so
 * the rules share it across threads.
 */
final class KeptByKind {

    private final Map<EventKind, List<EvidenceStore.Kept>> byKind = new EnumMap<>(EventKind.class);

    /** {@code kept} in reading order ({@link EvidenceStore#kept()}). */
    KeptByKind(List<EvidenceStore.Kept> kept) {
        for (EvidenceStore.Kept k : kept) {
            byKind.computeIfAbsent(k.event().kind(), x -> new ArrayList<>()).add(k);
        }
    }

    /** The kept events of these kinds, in reading order; not to be changed. */
    List<EvidenceStore.Kept> of(Set<EventKind> kinds) {
        if (kinds.size() == 1) {
            return byKind.getOrDefault(kinds.iterator().next(), List.of());
        }
        List<EvidenceStore.Kept> all = new ArrayList<>();
        for (EventKind kind : kinds) {
            all.addAll(byKind.getOrDefault(kind, List.of()));
        }
        // Each kind's events are in reading order; their arrival numbers put the kinds together in it.
        all.sort(Comparator.comparingLong(EvidenceStore.Kept::seq));
        return all;
    }
}
