package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.EventKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kept events of one analysis by kind, each kind's in reading order: a rule's clause asks for one or two kinds, and
 * every clause of every rule used to filter all kept events again. On a typical bundle in a warm JVM that filtering
 * and the growing of its lists were a third of the rules' time (JFR, docs/performance.md). Read-only once made, so
 * the rules share it across threads.
 */
final class KeptByKind {

    private final Map<EventKind, List<EvidenceStore.Kept>> byKind = new EnumMap<>(EventKind.class);
    /**
     * Each clause's candidates by the clause's alternatives: rules share clauses ({@code use:} a shared clause such as
     * a later cumulative install), and the rules run on several threads.
     */
    private final Map<List<Clause.Alternative>, List<EvidenceStore.Kept>> byAlternatives = new ConcurrentHashMap<>();

    /** All kept events, in reading order. */
    private final List<EvidenceStore.Kept> kept;

    /** {@code kept} in reading order ({@link EvidenceStore#kept()}). */
    KeptByKind(List<EvidenceStore.Kept> kept) {
        this.kept = kept;
        for (EvidenceStore.Kept k : kept) {
            byKind.computeIfAbsent(k.event().kind(), x -> new ArrayList<>()).add(k);
        }
    }

    /**
     * The clause's candidate events, in reading order: the kept events of its kinds that meet the conditions of one of
     * its alternatives that use no binding ({@link Clause.Alternative#bindingFree}): an event that fails them fails
     * {@link Clause#test} for every binding. Not to be changed.
     */
    List<EvidenceStore.Kept> candidates(Clause clause) {
        return byAlternatives.computeIfAbsent(clause.alternatives(), this::mayMatch);
    }

    private List<EvidenceStore.Kept> mayMatch(List<Clause.Alternative> alternatives) {
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        List<Clause.Alternative> free = new ArrayList<>();
        for (Clause.Alternative a : alternatives) {
            kinds.addAll(a.kinds());
            free.add(a.bindingFree());
        }
        List<EvidenceStore.Kept> ofKinds = of(kinds);
        List<EvidenceStore.Kept> may = new ArrayList<>();
        for (EvidenceStore.Kept k : ofKinds) {
            for (Clause.Alternative a : free) {
                if (a.test(k.event(), Binding.EMPTY)) {
                    may.add(k);
                    break;
                }
            }
        }
        return may.size() == ofKinds.size() ? ofKinds : may;
    }

    /** The kept events of these kinds, in reading order; not to be changed. */
    List<EvidenceStore.Kept> of(Set<EventKind> kinds) {
        if (kinds.size() == 1) {
            return byKind.getOrDefault(kinds.iterator().next(), List.of());
        }
        // Several kinds: one pass over all kept events keeps reading order without sorting the kinds' lists together
        // (sorting tens of thousands of package states with the few of another kind was a tenth of the rules' time).
        List<EvidenceStore.Kept> all = new ArrayList<>();
        for (EvidenceStore.Kept k : kept) {
            if (kinds.contains(k.event().kind())) {
                all.add(k);
            }
        }
        return all;
    }
}
