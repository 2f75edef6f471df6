package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.Fact;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Which event each clause of a rule matched so far, and the values derived from them. Immutable. */
record Binding(Map<String, EvidenceStore.Kept> clauses, Map<String, String> derived) {

    static final Binding EMPTY = new Binding(Map.of(), Map.of());

    Binding with(String clause, EvidenceStore.Kept kept) {
        Map<String, EvidenceStore.Kept> next = new LinkedHashMap<>(clauses);
        next.put(clause, kept);
        return new Binding(next, derived);
    }

    Binding withDerived(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(derived);
        next.put(name, value);
        return new Binding(clauses, next);
    }

    Optional<EvidenceStore.Kept> clause(String name) {
        return Optional.ofNullable(clauses.get(name));
    }

    Collection<EvidenceStore.Kept> events() {
        return clauses.values();
    }

    /** {@code clause.fact} or a derived {@code name}. */
    Optional<String> lookup(String reference) {
        int dot = reference.indexOf('.');
        if (dot < 0) {
            return Optional.ofNullable(derived.get(reference));
        }
        EvidenceStore.Kept kept = clauses.get(reference.substring(0, dot));
        return kept == null ? Optional.empty() : value(kept.event(), reference.substring(dot + 1));
    }

    /** A value of an event by the names rules use: a fact key, or {@code text} / {@code source-file} of its line. */
    static Optional<String> value(Event event, String key) {
        return switch (key) {
            case "text" -> Optional.of(event.source().text());
            case "source-file" -> Optional.of(event.source().file());
            default -> event.fact(Fact.ofKey(key));
        };
    }
}
