package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.VersionMismatchException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closing a case that is no support case at all: a duplicate of another case, or spam. Unlike a resolution this
 * needs no customer consent (there is nothing to agree to) and is allowed from any open status; it is audited and
 * stays on the timeline with its reason. The case can be reopened like any closed case.
 */
@Service
public class CaseDismissals {

    /** Why a case is closed without a resolution. */
    public enum Reason {
        DUPLICATE,
        SPAM
    }

    private final JdbcClient jdbc;
    private final CaseTimeline timeline;
    private final SlaTracking sla;
    private final AuditTrail audit;
    private final Clock clock;

    CaseDismissals(JdbcClient jdbc, CaseTimeline timeline, SlaTracking sla, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.sla = sla;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Closes an open case as a duplicate or spam.
     *
     * @param note why, e.g. "same as CAS-10610-F5B0M9"; required (an internal entry, the customer sees the status)
     * @param expectedVersion the version the engineer saw
     */
    @Transactional
    public CaseRef dismiss(Actor staff, CaseRef ref, Reason reason, String note, long expectedVersion) {
        if (!staff.isStaff()) {
            throw new AccessDeniedException("only staff close cases as duplicate or spam");
        }
        if (note == null || note.isBlank()) {
            throw new InvalidInputException(
                    "note", com.patchdesk.server.problems.Reason.of("problem.dismiss.noteNeeded." + reason.name()));
        }
        var current = jdbc.sql("SELECT status, version, priority FROM cases WHERE id = :id")
                .param("id", ref.id())
                .query((rs, n) -> new Current(
                        CaseStatus.valueOf(rs.getString("status")),
                        rs.getLong("version"),
                        Priority.valueOf(rs.getString("priority"))))
                .single();
        if (current.version() != expectedVersion) {
            throw new VersionMismatchException(
                    "case " + ref.number() + " was changed meanwhile (now version " + current.version()
                            + "); reload it",
                    current.version());
        }
        if (!current.status().isOpen()) {
            throw new InvalidTransitionException(
                    "only an open case is closed as duplicate or spam; this one is " + current.status());
        }
        Instant now = clock.instant();
        int updated = jdbc.sql("""
                UPDATE cases SET status = 'CLOSED', version = version + 1, updated_at = :now
                WHERE id = :id AND version = :version""")
                .param("now", UtcTimestamps.toSql(now))
                .param("id", ref.id())
                .param("version", expectedVersion)
                .update();
        if (updated == 0) {
            throw new VersionMismatchException(
                    "case " + ref.number() + " was changed meanwhile; reload it", expectedVersion + 1);
        }
        sla.statusChanged(ref.id(), current.priority(), current.status(), CaseStatus.CLOSED, now);
        String label = reason.name().toLowerCase(Locale.ROOT);
        // The customer sees that the case closed and why in one word; the engineer's note (another customer's case
        // number, a word on the sender) is for staff only, an internal note beside it.
        timeline.append(
                ref,
                EntryKind.STATUS_CHANGE,
                staff,
                current.status() + " → " + CaseStatus.CLOSED + " (" + label + ")",
                null,
                "case_dismissal",
                null,
                false);
        timeline.append(ref, EntryKind.NOTE, staff, "closed as " + label, note.strip(), "case_dismissal", null, true);
        audit.record(
                staff,
                "case",
                ref.id(),
                ref.id(),
                "closed as " + label,
                List.of(
                        FieldChange.of("status", current.status(), CaseStatus.CLOSED),
                        FieldChange.of("closedAs", null, reason.name()),
                        FieldChange.of("note", null, note.strip())));
        return new CaseRef(ref.id(), ref.number(), ref.organisationId(), ref.language(), CaseStatus.CLOSED);
    }

    private record Current(CaseStatus status, long version, Priority priority) {}
}
