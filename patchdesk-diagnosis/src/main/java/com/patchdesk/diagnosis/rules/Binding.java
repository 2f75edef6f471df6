package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.knowledge.OsBuild;
import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.PrincipalFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which event each clause of a rule matched so far, and the values derived from them. A clause with {@code each}
 * binds all its matches ({@code lists}, in time order) and its first one under its name. Immutable.
 */
record Binding(
        Map<String, EvidenceStore.Kept> clauses,
        Map<String, List<EvidenceStore.Kept>> lists,
        Map<String, String> derived,
        Map<String, String> machine) {

    /** The name under which templates read what is known of the machine: {@code {machine.build}}. */
    static final String MACHINE = "machine";
    /** What {@code {machine.…}} may name: see {@link #ofMachine(Optional, Optional)}. */
    static final java.util.Set<String> MACHINE_VALUES = java.util.Set.of("build", "stack");

    static final Binding EMPTY = new Binding(Map.of(), Map.of(), Map.of(), Map.of());

    /**
     * A binding of no clause yet that knows the machine's OS build ({@code {machine.build}}), when one is known: the
     * start of every rule's bindings in one analysis.
     */
    static Binding ofMachine(Optional<OsBuild> build) {
        return ofMachine(build, Optional.empty());
    }

    /**
     * As {@link #ofMachine(Optional)}, with the build part of the servicing stack's version ({@code {machine.stack}}:
     * 6.1.7601.17514 is 7601.17514), which a log states where it states no OS build (a Windows 7 CBS.log): the same
     * Windows version, though not the OS build's revision on Windows 10 and later.
     */
    static Binding ofMachine(Optional<OsBuild> build, Optional<OsBuild> stack) {
        Map<String, String> machine = new java.util.LinkedHashMap<>();
        build.ifPresent(b -> machine.put("build", b.toString()));
        stack.ifPresent(s -> machine.put("stack", s.toString()));
        return machine.isEmpty() ? EMPTY : new Binding(Map.of(), Map.of(), Map.of(), Map.copyOf(machine));
    }

    Binding with(String clause, EvidenceStore.Kept kept) {
        Map<String, EvidenceStore.Kept> next = new LinkedHashMap<>(clauses);
        next.put(clause, kept);
        return new Binding(next, lists, derived, machine);
    }

    /** Binds every match of an {@code each} clause (at least one). */
    Binding withAll(String clause, List<EvidenceStore.Kept> all) {
        Map<String, List<EvidenceStore.Kept>> next = new LinkedHashMap<>(lists);
        next.put(clause, List.copyOf(all));
        return new Binding(with(clause, all.get(0)).clauses, next, derived, machine);
    }

    Binding withDerived(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(derived);
        next.put(name, value);
        return new Binding(clauses, lists, next, machine);
    }

    Optional<EvidenceStore.Kept> clause(String name) {
        return Optional.ofNullable(clauses.get(name));
    }

    List<EvidenceStore.Kept> all(String name) {
        List<EvidenceStore.Kept> list = lists.get(name);
        return list != null ? list : clause(name).map(List::of).orElse(List.of());
    }

    Collection<EvidenceStore.Kept> events() {
        Set<EvidenceStore.Kept> all = new LinkedHashSet<>(clauses.values());
        lists.values().forEach(all::addAll);
        return all;
    }

    /**
     * {@code clause.fact}, {@code machine.build} (the machine's OS build, when known) or a derived {@code name}. For
     * an {@code each} clause the distinct values of its matches, comma-separated, the first {@link Clause#NAMED} of
     * them and "(+N)" for the rest; {@code clause.count} is how many matches it has.
     */
    Optional<String> lookup(String reference) {
        int dot = reference.indexOf('.');
        if (dot < 0) {
            return Optional.ofNullable(derived.get(reference));
        }
        String name = reference.substring(0, dot);
        String key = reference.substring(dot + 1);
        List<EvidenceStore.Kept> list = lists.get(name);
        if (list != null) {
            if (key.equals("count")) {
                // Different matches: the same component told corrupt by two scans is one damaged component, not two.
                return Optional.of(Long.toString(
                        list.stream().map(k -> k.event().facts()).distinct().count()));
            }
            Set<String> values = new LinkedHashSet<>();
            list.forEach(k -> value(k.event(), key).ifPresent(values::add));
            return values.isEmpty() ? Optional.empty() : Optional.of(joined(new ArrayList<>(values)));
        }
        EvidenceStore.Kept kept = clauses.get(name);
        if (kept == null) {
            // No clause is named "machine" (the parser rejects the name), so the machine's facts are looked up last.
            return name.equals(MACHINE) ? Optional.ofNullable(machine.get(key)) : Optional.empty();
        }
        return key.equals("count") ? Optional.of("1") : value(kept.event(), key);
    }

    private static String joined(List<String> values) {
        if (values.size() <= Clause.NAMED) {
            return String.join(", ", values);
        }
        return String.join(", ", values.subList(0, Clause.NAMED)) + " (+" + (values.size() - Clause.NAMED) + ")";
    }

    /**
     * A value of an event by the names rules use: a fact key, or {@code text} / {@code source-file} /
     * {@code location} ({@code file:line}) of its line.
     */
    static Optional<String> value(Event event, String key) {
        return ValueOf.of(key).in(event);
    }

    /**
     * A value of events by the name a rule gives it, the name looked up once: the clauses test it on tens of thousands
     * of kept events, and looking the name up for each was a quarter of the rules' time on a typical bundle.
     */
    record ValueOf(String key, Fact fact) {
        static ValueOf of(String key) {
            return switch (key) {
                case "text", "source-file", "location" -> new ValueOf(key, null);
                default -> new ValueOf(key, Fact.ofKey(key));
            };
        }

        /**
         * Whether every event of an evidence store's group has the same value: a principal fact does (the store groups
         * by them), the free text, the line and the file need not.
         */
        boolean sameAcrossAGroup() {
            return fact != null && PrincipalFacts.isPrincipal(fact);
        }

        Optional<String> in(Event event) {
            if (fact != null) {
                return Optional.ofNullable(event.facts().get(fact));
            }
            return switch (key) {
                case "text" -> Optional.of(event.source().text());
                case "source-file" -> Optional.of(event.source().file());
                default -> Optional.of(event.source().location());
            };
        }
    }
}
