package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.knowledge.Localized;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One round of servicing as the report tells it: when, what kind ({@code cbs-session} or {@code command}), who
 * started it, what it set out to change, how it ended, the first line that failed and the finding that explains it.
 *
 * @param label     the round's name in findings' {@code rounds} (its start time, else its id)
 * @param cause     the root finding whose lines were written in this round (its rule and title), if any
 */
public record ServicingRound(
        String label,
        Optional<LocalDateTime> start,
        Optional<LocalDateTime> end,
        String kind,
        String client,
        Optional<String> target,
        String result,
        Optional<String> code,
        Evidence first,
        Optional<Evidence> failure,
        Optional<String> causeRule,
        Optional<Localized> cause) {

    /** The rounds of a bundle, oldest first, and how many routine sessions (nothing changed, nothing failed) it had. */
    public record All(List<ServicingRound> rounds, long routineSessions) {

        public static final All NONE = new All(List.of(), 0);

        public All {
            rounds = List.copyOf(rounds);
        }

        /**
         * The latest round: the machine's current state. A round without a time (a command's console output) is the
         * latest only when no round has a time: it is most often the same failure a timed log tells.
         */
        public Optional<ServicingRound> latest() {
            Optional<ServicingRound> timed = rounds.stream()
                    .filter(r -> r.start().isPresent())
                    .max(java.util.Comparator.comparing(r -> r.start().get()));
            return timed.isPresent() ? timed : rounds.stream().reduce((a, b) -> b);
        }
    }
}
