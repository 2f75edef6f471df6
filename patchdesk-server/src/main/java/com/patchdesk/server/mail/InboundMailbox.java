package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.accounts.UserAccounts;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.CustomerActivity;
import com.patchdesk.server.cases.EntryKind;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes a received mail into its case: finds the thread, stores the mail and puts it on the case timeline as a
 * customer-visible MAIL_IN entry, its attachments on the case as uploads, all in one transaction. A customer's reply to a case that waits for the customer
 * moves it back to INVESTIGATING.
 *
 * <p>Thread resolution, strongest evidence first:
 * <ol>
 *   <li>the case's tracking token {@code [ref:...]} in the subject (130 random bits, 80 on threads opened before 2026-12-07: whoever has it was sent it);
 *   <li>In-Reply-To / References naming a mail already on a case;
 *   <li>a case number in the subject, but only from staff or a sender of the case's organisation (by account or
 *       by the organisation's registered mail domain): case numbers appear in forwarded mail and signatures, and
 *       must not let an outsider write into someone else's case;
 *   <li>otherwise a new case is opened for the sender, unless the mail is automatic (a bounce or an
 *       out-of-office reply): that is rejected instead, so mail loops cannot open cases.
 * </ol>
 *
 * <p>A thread of a case merged into another ({@link MergedThreads}) sends what the first three find to that case.
 *
 * <p>Before any of that, mail from a customer (a customer account, a case's contact, or an address in an
 * organisation's registered mail domain) must pass the sender check ({@link SenderAuthenticity}) unless its
 * organisation turned the check off; mail from a staff account always must, since staff may write into any case by
 * its number. Mail that does not is held ({@link HeldMail}): on no case, shown to nobody but staff, moving and
 * opening nothing, until staff accept it ({@link #admit}) or reject it.
 */
@Service
class InboundMailbox {

    private final MailMessages messages;
    private final MailThreads threads;
    private final CaseAccess access;
    private final CaseDesk desk;
    private final CustomerActivity activity;
    private final MailAttachments attachments;
    private final CaseTimeline timeline;
    private final UserAccounts accounts;
    private final Organisations organisations;
    private final SenderAuthenticity authenticity;
    private final HeldMail held;
    private final Clock clock;

    InboundMailbox(
            MailMessages messages,
            MailThreads threads,
            CaseAccess access,
            CaseDesk desk,
            CustomerActivity activity,
            MailAttachments attachments,
            CaseTimeline timeline,
            UserAccounts accounts,
            Organisations organisations,
            SenderAuthenticity authenticity,
            HeldMail held,
            Clock clock) {
        this.messages = messages;
        this.threads = threads;
        this.access = access;
        this.desk = desk;
        this.activity = activity;
        this.attachments = attachments;
        this.timeline = timeline;
        this.accounts = accounts;
        this.organisations = organisations;
        this.authenticity = authenticity;
        this.held = held;
        this.clock = clock;
    }

    /**
     * What became of a received mail. {@code mailId} and {@code caseNumber} are null for a duplicate and for held
     * mail; {@code heldId} is set for held mail only.
     */
    record Receipt(boolean duplicate, Long mailId, CaseNumber caseNumber, ThreadMatch match, Long heldId) {

        static Receipt ofDuplicate() {
            return new Receipt(true, null, null, null, null);
        }

        static Receipt ofHeld(long heldId) {
            return new Receipt(false, null, null, null, heldId);
        }

        boolean held() {
            return heldId != null;
        }
    }

    /** The received message as it came, for keeping a held mail whole; only read when the mail is held. */
    @FunctionalInterface
    interface RawMessage {
        byte[] bytes();
    }

    /**
     * Stores the mail unless it is already stored. A concurrent poller that stored the same mail first makes
     * the insert fail on the unique identity, rolling back everything this call did (including a case it may
     * have opened); the caller treats that {@code DuplicateKeyException} as a duplicate.
     */
    @Transactional
    Receipt accept(InboundMail mail, RawMessage raw) throws MailRejectedException {
        if (messages.holds(mail.identity()) || held.holds(mail.identity())) {
            return Receipt.ofDuplicate();
        }
        Optional<Actor> sender = accounts.actorByEmail(mail.fromAddress());
        boolean staff = sender.map(Actor::isStaff).orElse(false);
        Optional<Organisation> customer = customerOrganisation(mail.fromAddress(), sender);
        // A staff address is checked always: staff may write into any case by its number, so it is the address a
        // forger would take first. A customer's, unless its organisation turned the check off.
        if (staff || customer.filter(Organisation::checkMailAuthentication).isPresent()) {
            SenderAuthenticity.Verdict verdict = authenticity.check(mail.fromAddress(), mail.authenticationResults());
            if (!verdict.trusted()) {
                String reason = staff ? "from a staff address: " + verdict.reason() : verdict.reason();
                return Receipt.ofHeld(held.hold(
                        mail, customer.map(Organisation::id).orElse(null), reason, raw.bytes(), clock.instant()));
            }
        }
        return take(mail, sender);
    }

    /**
     * Takes in a held mail that staff accepted, as any received mail. A mail of the same identity stored in the
     * meantime fails with {@code DuplicateKeyException}.
     */
    Receipt admit(InboundMail mail) throws MailRejectedException {
        return take(mail, accounts.actorByEmail(mail.fromAddress()));
    }

    /**
     * The organisation a sender speaks for as a customer: a customer account's, or, as a new case from the address
     * would be filed ({@link CaseDesk#organisationOfAddress}), the one where it was a case's contact or that registered
     * its mail domain. Staff and strangers speak for none.
     */
    private Optional<Organisation> customerOrganisation(String address, Optional<Actor> sender) {
        if (sender.isPresent()) {
            return Optional.ofNullable(sender.get().organisationId()).flatMap(organisations::find);
        }
        return desk.organisationOfAddress(address).flatMap(organisations::find);
    }

    private Receipt take(InboundMail mail, Optional<Actor> sender) throws MailRejectedException {
        Optional<CaseThread> found = findThread(mail, sender);
        if (found.isEmpty() && mail.automated()) {
            throw new MailRejectedException("automatic mail (bounce, auto-reply or delivery report) that answers"
                    + " no case; not opening a case for it");
        }
        CaseThread thread = found.orElseGet(() -> new CaseThread(
                desk.openFromMail(mail.fromAddress(), mail.subject(), mail.text()), ThreadMatch.NEW_CASE));
        CaseRef ref = thread.ref();
        threads.open(ref, clock.instant());
        long mailId = messages.insert(new NewMail(
                mail.identity(),
                mail.messageId(),
                ref.id(),
                MailDirection.IN,
                mail.fromAddress(),
                mail.fromName(),
                mail.to(),
                mail.subject(),
                mail.text(),
                null,
                mail.inReplyTo().isEmpty() ? null : mail.inReplyTo().get(0),
                mail.references().isEmpty() ? null : String.join(" ", mail.references()),
                mail.sentAt(),
                clock.instant(),
                thread.match(),
                mail.notes(),
                mail.automated()));
        // Only a customer is named as author: staff copied on a thread must not count as "responded" for the SLA.
        Actor author = sender.filter(actor -> !actor.isStaff()).orElse(null);
        long entryId = timeline.append(
                ref,
                EntryKind.MAIL_IN,
                author,
                mail.fromAddress() + ": " + mail.subject(),
                mail.text(),
                "mail_message",
                mailId,
                false);
        messages.linkEntry(mailId, entryId);
        if (!mail.automated() && sender.map(actor -> !actor.isStaff()).orElse(true)) {
            // The customer answered: the case is no longer waiting for them, and its SLA clocks run again.
            activity.answered(ref, "The customer replied by mail (" + mail.fromAddress() + ").");
        }
        // An auto-reply's attachments (signature images) are no answer from the customer: stored without an author,
        // so storing them moves no waiting case.
        attachments.store(ref, mailId, mail.automated() ? null : author, mail.fromAddress(), mail.attachments());
        return new Receipt(false, mailId, ref.number(), thread.match(), null);
    }

    private record CaseThread(CaseRef ref, ThreadMatch match) {}

    private Optional<CaseThread> findThread(InboundMail mail, Optional<Actor> sender) {
        Optional<CaseRef> byToken =
                TrackingToken.findIn(mail.subject()).flatMap(threads::caseOf).flatMap(access::resolve);
        if (byToken.isPresent()) {
            return byToken.map(ref -> new CaseThread(ref, ThreadMatch.TOKEN));
        }
        for (String answered : mail.answeredIds()) {
            Optional<CaseRef> byReference =
                    messages.caseOfMessage(answered).flatMap(threads::caseOf).flatMap(access::resolve);
            if (byReference.isPresent()) {
                return byReference.map(ref -> new CaseThread(ref, ThreadMatch.REFERENCES));
            }
        }
        return CaseNumber.findIn(mail.subject())
                .map(threads::current)
                .flatMap(access::resolve)
                .filter(ref -> belongsTo(mail.fromAddress(), sender, ref))
                .map(ref -> new CaseThread(ref, ThreadMatch.CASE_NUMBER));
    }

    private boolean belongsTo(String address, Optional<Actor> sender, CaseRef ref) {
        if (sender.isPresent()) {
            return sender.get().isStaff()
                    || Long.valueOf(ref.organisationId()).equals(sender.get().organisationId());
        }
        // The organisation the sender check looked at: one answer to "whose is this address" throughout.
        return desk.organisationOfAddress(address)
                .filter(id -> id == ref.organisationId())
                .isPresent();
    }
}
