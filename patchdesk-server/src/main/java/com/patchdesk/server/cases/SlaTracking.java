package com.patchdesk.server.cases;

import static com.patchdesk.server.config.UtcTimestamps.toSql;

import com.patchdesk.server.calendars.BusinessCalendars;
import com.patchdesk.server.calendars.WorkingTime;
import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the SLA columns of {@code cases} in step with what happens on the case; the rules are in {@link SlaClock},
 * the working time they count comes from the organisation's business calendar ({@link BusinessCalendars}).
 */
@Component
class SlaTracking {

    private final JdbcClient jdbc;
    private final SlaSettings settings;
    private final BusinessCalendars calendars;
    private final Clock clock;

    SlaTracking(JdbcClient jdbc, SlaSettings settings, BusinessCalendars calendars, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.calendars = calendars;
        this.clock = clock;
    }

    SlaClock.Targets targets(Priority priority) {
        return settings.of(priority);
    }

    Instant firstResponseDue(long organisationId, Priority priority, Instant openedAt) {
        return SlaClock.start(settings.of(priority), openedAt, workingTime(organisationId, priority))
                .firstResponseDueAt();
    }

    /** A visible staff entry: answers the first response if still open, and restarts the next-update clock. */
    void staffResponded(long caseId, Instant at) {
        update(caseId, (sla, kase) -> sla.responded(settings.of(kase.priority()), at, kase.time()));
    }

    void statusChanged(long caseId, Priority priority, CaseStatus from, CaseStatus to, Instant at) {
        if (to == CaseStatus.WAITING_FOR_CUSTOMER) {
            update(caseId, (sla, kase) -> sla.pause(at));
        } else if (to == CaseStatus.RESOLVED || to == CaseStatus.CLOSED) {
            update(caseId, (sla, kase) -> sla.resume(at, kase.time()).stop());
        } else if (!from.isOpen()) {
            update(caseId, (sla, kase) -> sla.restart(settings.of(priority), at, kase.time()));
        } else if (from == CaseStatus.WAITING_FOR_CUSTOMER) {
            update(caseId, (sla, kase) -> sla.resume(at, kase.time()));
        }
    }

    void priorityChanged(long caseId, Priority from, Priority to, Instant at) {
        update(
                caseId,
                (sla, kase) -> sla.reprioritised(
                        settings.of(from),
                        workingTime(kase.organisationId(), from),
                        settings.of(to),
                        workingTime(kase.organisationId(), to),
                        at));
    }

    private WorkingTime workingTime(long organisationId, Priority priority) {
        return calendars.workingTime(organisationId, priority.name());
    }

    /** What a clock change needs of the case besides its clock. */
    private record SlaCase(long organisationId, Priority priority, WorkingTime time) {}

    /**
     * Makes every breach that has happened by now permanent in the breach flags, so reports keep it after the
     * response finally arrives. Runs every minute; safe to run at any time.
     */
    @SchedulerLock(name = "sla-breach-sweep", lockAtMostFor = "PT5M")
    @Scheduled(fixedDelayString = "${patchdesk.sla-sweep-interval:PT1M}")
    @Transactional
    public void recordBreaches() {
        var now = toSql(clock.instant());
        jdbc.sql("""
                UPDATE cases SET first_response_breached = TRUE
                WHERE first_response_breached = FALSE AND first_responded_at IS NULL AND sla_paused_at IS NULL
                  AND first_response_due_at < :now AND status NOT IN ('RESOLVED', 'CLOSED')""").param("now", now).update();
        jdbc.sql("""
                UPDATE cases SET next_update_breached = TRUE
                WHERE next_update_breached = FALSE AND next_update_due_at IS NOT NULL AND sla_paused_at IS NULL
                  AND next_update_due_at < :now AND status NOT IN ('RESOLVED', 'CLOSED')""").param("now", now).update();
    }

    /** Open, running cases with something due before {@code now + within}, breached ones included; soonest first. */
    List<Long> dueWithin(Duration within, Instant now) {
        return jdbc.sql("""
                SELECT id FROM cases
                WHERE status NOT IN ('RESOLVED', 'CLOSED') AND sla_paused_at IS NULL
                  AND ((first_responded_at IS NULL AND first_response_due_at <= :limit)
                       OR next_update_due_at <= :limit)""")
                .param("limit", toSql(now.plus(within)))
                .query(Long.class)
                .list();
    }

    private void update(long caseId, BiFunction<SlaClock, SlaCase, SlaClock> change) {
        record Row(SlaClock clock, long organisationId, Priority priority) {}
        Row row = jdbc.sql("SELECT * FROM cases WHERE id = :id")
                .param("id", caseId)
                .query((rs, n) -> new Row(
                        clockOf(rs, n), rs.getLong("organisation_id"), Priority.valueOf(rs.getString("priority"))))
                .single();
        SlaClock before = row.clock();
        SlaClock after = change.apply(
                before,
                new SlaCase(row.organisationId(), row.priority(), workingTime(row.organisationId(), row.priority())));
        // A due instant passed before it was met is a breach even though it is now met.
        SlaClock.Standing standing = before.standing(clock.instant());
        jdbc.sql("""
                UPDATE cases SET first_response_due_at = :firstDue, first_responded_at = :responded,
                                 next_update_due_at = :nextDue, sla_paused_at = :paused,
                                 first_response_breached = first_response_breached OR :firstBreached,
                                 next_update_breached = next_update_breached OR :nextBreached
                WHERE id = :id""")
                .param("firstDue", toSql(after.firstResponseDueAt()))
                .param("responded", toSql(after.firstRespondedAt()))
                .param("nextDue", toSql(after.nextUpdateDueAt()))
                .param("paused", toSql(after.pausedAt()))
                .param("firstBreached", standing.firstResponseBreached())
                .param("nextBreached", standing.nextUpdateBreached())
                .param("id", caseId)
                .update();
    }

    static SlaClock clockOf(ResultSet rs, int rowNum) throws SQLException {
        return new SlaClock(
                UtcTimestamps.read(rs, "first_response_due_at"),
                UtcTimestamps.read(rs, "first_responded_at"),
                UtcTimestamps.read(rs, "next_update_due_at"),
                UtcTimestamps.read(rs, "sla_paused_at"));
    }
}
