package com.patchdesk.diagnosis.read;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One fact read from a log: what kind of thing happened, where it was read, when (local time of the
 * machine that wrote the log, when the line states it) and the facts it carries.
 */
public record Event(EventKind kind, SourceLine source, LocalDateTime time, Map<Fact, String> facts) {

    /**
     * The {@link Fact#OPERATION} of a {@link EventKind#PACKAGE_STATE} that CBS's applicability check states while it
     * evaluates another package ({@code Appl: detectParent: parent found: …, state: Installed}): what the package is,
     * not a change of it. Rules may rely on the state; the timeline, which tells what happened, leaves it out. A
     * principal fact, so the evidence store groups the restatements apart from the package's real changes.
     */
    public static final String APPLICABILITY_CHECK = "applicability check";

    public Event {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        facts = FactMap.of(facts);
    }

    public Optional<String> fact(Fact name) {
        return Optional.ofNullable(facts.get(name));
    }

    /** The value of fact {@code name}, or null: for the consumers that look at every event, without an Optional. */
    public String factOrNull(Fact name) {
        return facts.get(name);
    }

    public Optional<LocalDateTime> timestamp() {
        return Optional.ofNullable(time);
    }
}
