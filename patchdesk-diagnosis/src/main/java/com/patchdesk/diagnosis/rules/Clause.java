package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One clause of a rule: an event of one of the alternatives' kinds whose values meet the conditions, optionally
 * later than the event of another clause ({@code after}) and no more than {@code within} after it.
 */
record Clause(String name, List<Alternative> alternatives, Optional<String> after, Optional<Duration> within,
              boolean optional) {

    record Alternative(Set<EventKind> kinds, Map<String, Condition> where) {
        boolean test(Event event, Binding binding) {
            if (!kinds.contains(event.kind())) {
                return false;
            }
            for (Map.Entry<String, Condition> c : where.entrySet()) {
                if (!c.getValue().test(Binding.value(event, c.getKey()), binding)) {
                    return false;
                }
            }
            return true;
        }
    }

    boolean test(EvidenceStore.Kept candidate, Binding binding) {
        if (after.isPresent()) {
            Optional<EvidenceStore.Kept> earlier = binding.clause(after.get());
            if (earlier.isEmpty() || !Chronology.isAfter(candidate, earlier.get(), within)) {
                return false;
            }
        }
        return alternatives.stream().anyMatch(a -> a.test(candidate.event(), binding));
    }
}
