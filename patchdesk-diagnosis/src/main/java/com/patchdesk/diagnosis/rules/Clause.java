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
 * later than the event of another clause ({@code after}) or earlier than it ({@code before}), and no more than
 * {@code within} away from it.
 */
record Clause(
        String name,
        List<Alternative> alternatives,
        Optional<String> after,
        Optional<String> before,
        Optional<Duration> within,
        boolean optional,
        boolean each) {

    /** Matches of an {@code each} clause that get their own fix step (and evidence line); the rest are counted. */
    static final int LISTED = 20;
    /** Values of an {@code each} clause named in a title or a fact, which must stay short; "(+N)" for the rest. */
    static final int NAMED = 3;

    /**
     * One alternative of a clause: an event of one of these kinds whose values pass these tests.
     *
     * @param tests the clause's {@code where}, each name looked up once ({@link Binding.ValueOf}), in its order
     */
    record Alternative(Set<EventKind> kinds, List<Test> tests) {

        /** The alternative a rule's {@code where} writes: value name → condition. */
        static Alternative of(Set<EventKind> kinds, Map<String, Condition> where) {
            return new Alternative(
                    kinds,
                    where.entrySet().stream()
                            .map(c -> new Test(Binding.ValueOf.of(c.getKey()), c.getValue()))
                            .toList());
        }

        /** One condition on one value of the event. */
        record Test(Binding.ValueOf value, Condition condition) {}

        /**
         * This alternative with only the conditions that use no binding: what it says of an event holds for every
         * binding, and an event it turns down no binding lets match.
         */
        Alternative bindingFree() {
            return new Alternative(
                    kinds,
                    tests.stream().filter(t -> !t.condition().usesBinding()).toList());
        }

        boolean test(Event event, Binding binding) {
            if (!kinds.contains(event.kind())) {
                return false;
            }
            for (Test t : tests) {
                if (!t.condition().test(t.value().in(event), binding)) {
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
        if (before.isPresent()) {
            Optional<EvidenceStore.Kept> later = binding.clause(before.get());
            if (later.isEmpty() || !Chronology.isAfter(later.get(), candidate, within)) {
                return false;
            }
        }
        for (Alternative a : alternatives) {
            if (a.test(candidate.event(), binding)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code candidate} is a better match than {@code best} (both pass {@link #test}): after an anchor the
     * earlier one (closest to it), before an anchor the later one, with no anchor the latest.
     */
    boolean isBetter(EvidenceStore.Kept candidate, EvidenceStore.Kept best, Binding binding) {
        if (after.isPresent() && binding.clause(after.get()).isPresent()) {
            return Chronology.isAfter(best, candidate, Optional.empty());
        }
        return Chronology.isAfter(candidate, best, Optional.empty());
    }
}
