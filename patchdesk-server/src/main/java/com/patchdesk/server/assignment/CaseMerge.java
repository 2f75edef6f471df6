package com.patchdesk.server.assignment;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.EntryWording;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.files.UploadLinks;
import com.patchdesk.server.mail.MergedThreads;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.StateConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges a duplicate case into another of the same organisation. The duplicate's timeline entries, files, download
 * and upload links, diagnoses, mails and contacts move to the target, where they interleave with its own by time;
 * mail that arrives later on the duplicate's thread (its tracking token, a reply to one of its mails, its number)
 * goes to the target too, and so do files sent through its upload links. The duplicate keeps its number and its
 * audit trail, and is closed with a status entry naming the target. Both cases' audit trails record the merge.
 */
@Service
public class CaseMerge {

    private final JdbcClient jdbc;
    private final CaseTimeline timeline;
    private final AuditTrail audit;
    private final Clock clock;
    private final MergedThreads mail;
    private final UploadLinks uploadLinks;

    CaseMerge(
            JdbcClient jdbc,
            CaseTimeline timeline,
            AuditTrail audit,
            Clock clock,
            MergedThreads mail,
            UploadLinks uploadLinks) {
        this.jdbc = jdbc;
        this.mail = mail;
        this.uploadLinks = uploadLinks;
        this.timeline = timeline;
        this.audit = audit;
        this.clock = clock;
    }

    /** How many rows of each kind moved. */
    public record Moved(int entries, int files, int links, int diagnoses, int contacts, int mails, int uploadLinks) {}

    @Transactional
    public Moved merge(Actor actor, CaseRef duplicate, CaseRef target) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("staff only");
        }
        if (duplicate.id() == target.id()) {
            throw new InvalidInputException("into", Reason.of("problem.merge.itself"));
        }
        if (duplicate.organisationId() != target.organisationId()) {
            // The customer of one organisation must never see another's timeline or files.
            throw new InvalidInputException("into", Reason.of("problem.merge.otherOrganisation"));
        }
        for (long id : new long[] {duplicate.id(), target.id()}) {
            if (jdbc.sql("SELECT COUNT(*) FROM case_merges WHERE source_case_id = :id")
                            .param("id", id)
                            .query(Long.class)
                            .single()
                    > 0) {
                throw new StateConflictException(Reason.of(
                        "problem.merge.already",
                        (id == duplicate.id() ? duplicate : target).number().value()));
            }
        }
        // Lock both rows in id order, so two merges of the same pair cannot interleave.
        jdbc.sql("SELECT id FROM cases WHERE id IN (:a, :b) ORDER BY id FOR UPDATE")
                .param("a", duplicate.id())
                .param("b", target.id())
                .query(Long.class)
                .list();
        Instant now = clock.instant();
        int entries = move("case_entries", duplicate, target);
        int files = move("case_files", duplicate, target);
        int links = move("download_links", duplicate, target);
        int diagnoses = move("diagnoses", duplicate, target);
        int mails = mail.merge(duplicate, target, now);
        int openLinks = uploadLinks.moveAll(duplicate, target);
        int contacts = jdbc.sql("""
                INSERT INTO case_contacts (case_id, user_id, email, name, phone)
                SELECT :target, k.user_id, k.email, k.name, k.phone FROM case_contacts k
                WHERE k.case_id = :source AND NOT EXISTS (
                    SELECT 1 FROM case_contacts t WHERE t.case_id = :target AND t.email = k.email)""")
                .param("target", target.id())
                .param("source", duplicate.id())
                .update();
        String previous = jdbc.sql("SELECT status FROM cases WHERE id = :id")
                .param("id", duplicate.id())
                .query(String.class)
                .single();
        jdbc.sql("""
                UPDATE cases SET status = 'CLOSED', version = version + 1, updated_at = :now, sla_paused_at = NULL
                WHERE id = :id""")
                .param("now", UtcTimestamps.toSql(now))
                .param("id", duplicate.id())
                .update();
        jdbc.sql("""
                INSERT INTO case_merges (source_case_id, target_case_id, merged_by, merged_at)
                VALUES (:source, :target, :by, :now)""")
                .param("source", duplicate.id())
                .param("target", target.id())
                .param("by", actor.userId())
                .param("now", UtcTimestamps.toSql(now))
                .update();
        timeline.append(
                duplicate,
                EntryKind.STATUS_CHANGE,
                actor,
                EntryWording.verbatim(previous + " → CLOSED"),
                List.of(EntryWording.of("entry.text.mergedInto", target.number().value())),
                "case_merge",
                target.id(),
                false);
        timeline.append(
                target,
                EntryKind.NOTE,
                actor,
                EntryWording.of("entry.text.mergedHere", duplicate.number().value()),
                List.of(EntryWording.of("entry.text.mergedMovedAll", entries, files, diagnoses, mails, openLinks)),
                "case_merge",
                duplicate.id(),
                true);
        audit.record(
                actor,
                "case",
                duplicate.id(),
                duplicate.id(),
                "merged",
                List.of(
                        FieldChange.of("mergedInto", null, target.number().value()),
                        FieldChange.of("status", previous, "CLOSED")));
        audit.record(
                actor,
                "case",
                target.id(),
                target.id(),
                "merged",
                List.of(FieldChange.of("mergedFrom", null, duplicate.number().value())));
        return new Moved(entries, files, links, diagnoses, contacts, mails, openLinks);
    }

    /** The case a merged case went into, if it was merged. */
    public java.util.Optional<String> mergedInto(long caseId) {
        return jdbc.sql("""
                SELECT c.number FROM case_merges m JOIN cases c ON c.id = m.target_case_id
                WHERE m.source_case_id = :id""").param("id", caseId).query(String.class).optional();
    }

    private int move(String table, CaseRef from, CaseRef to) {
        return jdbc.sql("UPDATE " + table + " SET case_id = :to WHERE case_id = :from")
                .param("to", to.id())
                .param("from", from.id())
                .update();
    }
}
