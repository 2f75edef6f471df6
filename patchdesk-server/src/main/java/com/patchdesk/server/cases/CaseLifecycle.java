package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.VersionMismatchException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves cases through New → Scoping → Investigating ⇄ Waiting for customer → Resolved → Closed (and reopens
 * them), records the customer's consent to close, and logs phone calls.
 */
@Service
public class CaseLifecycle {

    private final JdbcClient jdbc;
    private final CaseTimeline timeline;
    private final SlaTracking sla;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    CaseLifecycle(
            JdbcClient jdbc,
            CaseTimeline timeline,
            SlaTracking sla,
            AuditTrail audit,
            Clock clock,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.sla = sla;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Changes the status. Refused with {@link InvalidTransitionException} when the lifecycle does not allow it, or
     * when closing without the customer's consent recorded since the case was resolved.
     *
     * @param expectedVersion the version the caller saw, checked when given
     * @param note optional customer-visible explanation, kept on the STATUS_CHANGE entry
     */
    @Transactional
    public CaseRef transition(Actor actor, CaseRef ref, CaseStatus target, Long expectedVersion, String note) {
        var current = jdbc.sql("SELECT status, version, priority, resolution_entry_id, first_responded_at"
                        + " FROM cases WHERE id = :id")
                .param("id", ref.id())
                .query((rs, n) -> new Current(
                        CaseStatus.valueOf(rs.getString("status")),
                        rs.getLong("version"),
                        Priority.valueOf(rs.getString("priority")),
                        rs.getObject("resolution_entry_id", Long.class),
                        UtcTimestamps.read(rs, "first_responded_at") != null))
                .single();
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new VersionMismatchException(
                    "case " + ref.number() + " is at version " + current.version() + ", not " + expectedVersion,
                    current.version());
        }
        if (!current.status().canMoveTo(target)) {
            throw new InvalidTransitionException("a case cannot move from " + current.status() + " to " + target
                    + "; allowed: "
                    + (current.status().next().isEmpty()
                            ? "none"
                            : current.status().next().stream().map(Enum::name).collect(Collectors.joining(", "))));
        }
        if (target == CaseStatus.WAITING_FOR_CUSTOMER && !current.firstResponded()) {
            // Waiting pauses the first-response clock; the customer cannot be waited on before they were answered.
            throw new InvalidTransitionException("a case waits for the customer only after the first response: send"
                    + " a mail, log a call or write a customer-visible note first (the status note alone is not one)");
        }
        if (target == CaseStatus.CLOSED && !consentSince(ref.id(), current.resolutionEntryId())) {
            throw new InvalidTransitionException("closing needs the customer's consent: the customer confirms in the"
                    + " portal or by mail, or an engineer logs the call in which they agreed (consent: true)");
        }
        Instant now = clock.instant();
        int updated = jdbc.sql("""
                UPDATE cases SET status = :target, version = version + 1, updated_at = :now
                WHERE id = :id AND version = :version""")
                .param("target", target.name())
                .param("now", UtcTimestamps.toSql(now))
                .param("id", ref.id())
                .param("version", current.version())
                .update();
        if (updated == 0) {
            throw new VersionMismatchException(
                    "case " + ref.number() + " was changed meanwhile; reload it", current.version() + 1);
        }
        sla.statusChanged(ref.id(), current.priority(), current.status(), target, now);
        long entry = timeline.append(
                ref,
                EntryKind.STATUS_CHANGE,
                actor,
                current.status() + " → " + target,
                note == null || note.isBlank() ? null : note.strip(),
                "case_status",
                null,
                false);
        if (target == CaseStatus.RESOLVED) {
            // Consent must come after this entry; entry ids grow, timestamps may tie.
            jdbc.sql("UPDATE cases SET resolution_entry_id = :entry WHERE id = :id")
                    .param("entry", entry)
                    .param("id", ref.id())
                    .update();
        }
        audit.record(
                actor,
                "case",
                ref.id(),
                ref.id(),
                "status changed",
                List.of(FieldChange.of("status", current.status(), target)));
        CaseRef moved = new CaseRef(ref.id(), ref.number(), ref.organisationId(), ref.language(), target);
        events.publishEvent(new CaseStatusChanged(moved, current.status(), target, actor, now));
        return moved;
    }

    /**
     * Records that the customer agreed to close the case. Only a resolved case can be agreed to.
     *
     * @param how where the consent came from, e.g. "portal", "mail", "call"; kept in the entry's reference type
     */
    @Transactional
    public long recordConsent(Actor actor, CaseRef ref, String how, String summary, Long refId) {
        return recordConsent(actor, ref, how, summary, refId, null);
    }

    /**
     * Records consent that rests on an earlier timeline entry, e.g. the customer's mail. Closing counts only
     * consent given after the latest move to RESOLVED (entry ids grow, see {@link #transition}), so that entry
     * must be newer than the resolution; a reply that arrived before the case was resolved is refused.
     *
     * @param basisEntryId the entry the consent rests on; null when the consent is given now (portal, call)
     */
    @Transactional
    public long recordConsent(Actor actor, CaseRef ref, String how, String summary, Long refId, Long basisEntryId) {
        var current = jdbc.sql("SELECT status, resolution_entry_id FROM cases WHERE id = :id")
                .param("id", ref.id())
                .query((rs, n) -> new Resolution(
                        CaseStatus.valueOf(rs.getString("status")), rs.getObject("resolution_entry_id", Long.class)))
                .single();
        CaseStatus status = current.status();
        if (status != CaseStatus.RESOLVED) {
            throw new InvalidTransitionException(
                    "consent to close is only taken for a RESOLVED case; this one is " + status);
        }
        if (basisEntryId != null && !givenSince(basisEntryId, current.resolutionEntryId())) {
            throw new InvalidTransitionException("consent to close must be given after the case was resolved: this "
                    + how + " was received before the case was resolved (it is entry " + basisEntryId
                    + ", the resolution is entry " + current.resolutionEntryId() + ")");
        }
        long entry = timeline.append(ref, EntryKind.CONSENT, actor, summary, null, "consent_" + how, refId, false);
        audit.record(
                actor, "case", ref.id(), ref.id(), "consent recorded", List.of(FieldChange.of("consent", null, how)));
        return entry;
    }

    /**
     * Logs a phone call as a CALL entry at the time it took place. With {@code consent} the engineer records that
     * the customer agreed on the phone to close the (resolved) case.
     */
    @Transactional
    public long logCall(Actor engineer, CaseRef ref, NewCall call) {
        Instant now = clock.instant();
        Instant at = call.at() == null ? now : call.at();
        if (at.isAfter(now)) {
            throw new InvalidInputException("at", Reason.of("problem.call.future"));
        }
        String summary = "📞 " + call.who().strip() + ": " + call.summary().strip();
        long entry =
                timeline.append(ref, EntryKind.CALL, engineer, summary, call.body(), null, null, call.isInternal(), at);
        if (call.givesConsent()) {
            recordConsent(
                    engineer,
                    ref,
                    "call",
                    "Consent to close given on the phone by " + call.who().strip(),
                    entry);
        }
        return entry;
    }

    /** The rule {@link #consentSince} applies: an entry counts when it is newer than the resolution entry. */
    private static boolean givenSince(long entryId, Long resolutionEntryId) {
        return resolutionEntryId != null && entryId > resolutionEntryId;
    }

    private boolean consentSince(long caseId, Long resolutionEntryId) {
        if (resolutionEntryId == null) {
            return false;
        }
        return jdbc.sql("""
                SELECT COUNT(*) FROM case_entries
                WHERE case_id = :id AND kind = 'CONSENT' AND id > :since""")
                        .param("id", caseId)
                        .param("since", resolutionEntryId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private record Resolution(CaseStatus status, Long resolutionEntryId) {}

    private record Current(
            CaseStatus status, long version, Priority priority, Long resolutionEntryId, boolean firstResponded) {}
}
