package com.patchdesk.server.diagnoses;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** One Windows Update download or install step on one day, as the update-attempt chart counts it. */
record ChartedAttempt(LocalDate day, Phase phase, Outcome outcome) {

    enum Phase {
        DOWNLOAD,
        INSTALL
    }

    enum Outcome {
        SUCCEEDED,
        FAILED,
        OTHER
    }

    ChartedAttempt {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * From a report's update attempt: its local time, phase and outcome words. Scans are left out: they happen
     * many times a day and say nothing about whether the update got onto the machine. Attempts without a time
     * cannot be placed on a day and are left out too.
     */
    static Optional<ChartedAttempt> of(LocalDateTime time, String phase, String outcome) {
        if (time == null || phase == null) {
            return Optional.empty();
        }
        return phase(phase)
                .map(p -> new ChartedAttempt(time.toLocalDate(), p, outcome(outcome == null ? "" : outcome)));
    }

    private static Optional<Phase> phase(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "download" -> Optional.of(Phase.DOWNLOAD);
            case "install" -> Optional.of(Phase.INSTALL);
            default -> Optional.empty();
        };
    }

    private static Outcome outcome(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "success", "succeeded" -> Outcome.SUCCEEDED;
            case "failure", "failed" -> Outcome.FAILED;
            default -> Outcome.OTHER;
        };
    }
}
