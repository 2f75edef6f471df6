package com.patchdesk.server.cases;

import com.patchdesk.server.calendars.WorkingTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The SLA state of one case and the pure rules that move it; nothing here reads a clock or the database.
 *
 * <p>Two targets run: the <em>first response</em> (due {@code firstResponse} after opening, met by the first
 * customer-visible staff entry) and the <em>next update</em> (due {@code nextUpdate} after each such entry). While
 * the case waits for the customer both clocks stand still: pausing records the instant, resuming pushes every
 * unmet due instant back by the time spent paused. Resolving stops the clocks; reopening restarts the next
 * update clock.
 *
 * <p>Targets are working time: every rule that moves a due instant takes the {@link WorkingTime} of the case's
 * organisation and priority (its business calendar, or around the clock), so a case opened on the eve of a holiday
 * is due after it. A pause keeps the working time left at the pause and grants it again from the resume.
 *
 * @param firstResponseDueAt when the first response is due
 * @param firstRespondedAt when staff first responded, or null
 * @param nextUpdateDueAt when the next update is due, or null when no update is owed
 * @param pausedAt when the clocks were paused, or null while they run
 */
public record SlaClock(
        Instant firstResponseDueAt, Instant firstRespondedAt, Instant nextUpdateDueAt, Instant pausedAt) {

    /** Targets of one priority. */
    public record Targets(Duration firstResponse, Duration nextUpdate) {}

    /** How the case stands against its targets at one instant. */
    public record Standing(
            boolean firstResponseBreached, boolean nextUpdateBreached, Instant nextDueAt, boolean paused) {

        public boolean breached() {
            return firstResponseBreached || nextUpdateBreached;
        }
    }

    static SlaClock start(Targets targets, Instant openedAt, WorkingTime time) {
        return new SlaClock(time.plus(openedAt, targets.firstResponse()), null, null, null);
    }

    /** A customer-visible staff entry: meets the first response if pending and owes the next update later. */
    SlaClock responded(Targets targets, Instant at, WorkingTime time) {
        return new SlaClock(
                firstResponseDueAt,
                firstRespondedAt == null ? at : firstRespondedAt,
                time.plus(at, targets.nextUpdate()),
                pausedAt);
    }

    SlaClock pause(Instant at) {
        return pausedAt != null ? this : new SlaClock(firstResponseDueAt, firstRespondedAt, nextUpdateDueAt, at);
    }

    /** Ends a pause: each unmet due instant gets the working time it had left at the pause (negative if overdue). */
    SlaClock resume(Instant at, WorkingTime time) {
        if (pausedAt == null) {
            return this;
        }
        Instant firstDue = firstRespondedAt == null ? regranted(firstResponseDueAt, at, time) : firstResponseDueAt;
        Instant nextDue = nextUpdateDueAt == null ? null : regranted(nextUpdateDueAt, at, time);
        return new SlaClock(firstDue, firstRespondedAt, nextDue, null);
    }

    private Instant regranted(Instant due, Instant resumedAt, WorkingTime time) {
        return time.shift(resumedAt, time.between(pausedAt, due));
    }

    /** Resolved: nothing more is owed. A first response never given stays unmet (and breached if late). */
    SlaClock stop() {
        return new SlaClock(firstResponseDueAt, firstRespondedAt, null, null);
    }

    /** Reopened: the customer is owed an update within the next-update target. */
    SlaClock restart(Targets targets, Instant at, WorkingTime time) {
        return new SlaClock(firstResponseDueAt, firstRespondedAt, time.plus(at, targets.nextUpdate()), null);
    }

    /**
     * The priority changed: a pending first response keeps the working time it has left, changed by the
     * difference of the targets and counted in the new priority's working time (from the pause while paused, so
     * resuming grants it again); an owed update is never later than the new target from now.
     */
    SlaClock reprioritised(Targets from, WorkingTime fromTime, Targets to, WorkingTime toTime, Instant at) {
        Instant reference = pausedAt != null ? pausedAt : at;
        Instant firstDue = firstRespondedAt == null
                ? toTime.shift(
                        reference,
                        fromTime.between(reference, firstResponseDueAt)
                                .plus(to.firstResponse())
                                .minus(from.firstResponse()))
                : firstResponseDueAt;
        Instant nextDue = nextUpdateDueAt;
        Instant latest = toTime.plus(at, to.nextUpdate());
        if (nextDue != null && nextDue.isAfter(latest)) {
            nextDue = latest;
        }
        return new SlaClock(firstDue, firstRespondedAt, nextDue, pausedAt);
    }

    /** The standing at {@code now}; while paused, time is frozen at the pause. */
    public Standing standing(Instant now) {
        Instant effective = pausedAt != null && pausedAt.isBefore(now) ? pausedAt : now;
        boolean firstBreached = firstRespondedAt == null
                ? effective.isAfter(firstResponseDueAt)
                : firstRespondedAt.isAfter(firstResponseDueAt);
        boolean nextBreached = nextUpdateDueAt != null && effective.isAfter(nextUpdateDueAt);
        return new Standing(firstBreached, nextBreached, nextDue().orElse(null), pausedAt != null);
    }

    /** The earliest instant something is owed, if anything is. */
    public Optional<Instant> nextDue() {
        return Stream.of(firstRespondedAt == null ? firstResponseDueAt : null, nextUpdateDueAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo);
    }
}
