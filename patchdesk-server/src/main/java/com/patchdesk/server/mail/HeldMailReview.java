package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.ResourceNotFoundException;
import com.patchdesk.server.problems.StateConflictException;
import java.time.Clock;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff decide on held mail: accepting takes the kept message in as any received mail (thread, timeline, moves of
 * a waiting case, attachments), rejecting records that it stays out. Both are audited ({@code held_mail}).
 */
@Service
public class HeldMailReview {

    private final HeldMail held;
    private final InboundMailbox mailbox;
    private final InboundMailParser parser;
    private final CaseAccess access;
    private final AuditTrail audit;
    private final Clock clock;

    HeldMailReview(
            HeldMail held,
            InboundMailbox mailbox,
            InboundMailParser parser,
            CaseAccess access,
            AuditTrail audit,
            Clock clock) {
        this.held = held;
        this.mailbox = mailbox;
        this.parser = parser;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    public List<HeldMail.Held> list(Actor staff) {
        requireStaff(staff);
        return held.list(500);
    }

    @Transactional
    public HeldMail.Held accept(Actor staff, long id, String note) {
        HeldMail.Held mail = undecided(staff, id);
        InboundMailbox.Receipt receipt;
        try {
            receipt = mailbox.admit(parser.parse(held.raw(id)));
        } catch (MailRejectedException unacceptable) {
            throw new StateConflictException(
                    Reason.of("problem.heldMail.refused", String.valueOf(unacceptable.getMessage())));
        } catch (org.springframework.dao.DuplicateKeyException alreadyStored) {
            throw new StateConflictException(Reason.of("problem.heldMail.onACase"));
        }
        decide(
                staff,
                mail,
                HeldMail.Decision.ACCEPTED,
                note,
                receipt.mailId(),
                access.resolve(receipt.caseNumber()).map(CaseRef::id).orElse(null));
        return held.find(id).orElseThrow();
    }

    @Transactional
    public HeldMail.Held reject(Actor staff, long id, String note) {
        HeldMail.Held mail = undecided(staff, id);
        decide(staff, mail, HeldMail.Decision.REJECTED, note, null, null);
        return held.find(id).orElseThrow();
    }

    private HeldMail.Held undecided(Actor staff, long id) {
        requireStaff(staff);
        HeldMail.Held mail = held.find(id).orElseThrow(() -> new ResourceNotFoundException("no held mail " + id));
        if (mail.decision() != null) {
            throw new StateConflictException(
                    Reason.of("problem.heldMail.decided." + mail.decision().name(), String.valueOf(id)));
        }
        return mail;
    }

    private void decide(
            Actor staff, HeldMail.Held mail, HeldMail.Decision decision, String note, Long mailId, Long caseId) {
        if (!held.decide(mail.id(), decision, staff.userId(), note, mailId, clock.instant())) {
            // Someone else decided in the meantime; this transaction (and a mail it took in) rolls back.
            throw new StateConflictException(Reason.of("problem.heldMail.decidedElsewhere", String.valueOf(mail.id())));
        }
        audit.record(
                staff,
                "held_mail",
                mail.id(),
                caseId,
                decision.name().toLowerCase(),
                List.of(FieldChange.of("decision", null, decision.name()), FieldChange.of("note", null, note)));
    }

    private static void requireStaff(Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("only staff see and decide on held mail");
        }
    }
}
