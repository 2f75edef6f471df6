package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseContact;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTemplates;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.RenderedText;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.ResourceNotFoundException;
import com.patchdesk.server.problems.StateConflictException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The mail thread of a case as engineers and customers use it: send, list, mark a reply as consent. */
@Service
public class CaseCorrespondence {

    private static final int MAX_RECIPIENTS = 20;

    private final CaseAccess access;
    private final CaseDesk desk;
    private final CaseLifecycle lifecycle;
    private final CaseTemplates templates;
    private final CaseTimeline timeline;
    private final CaseMailOutbox outbox;
    private final MailMessages messages;
    private final AuditTrail audit;

    CaseCorrespondence(
            CaseAccess access,
            CaseDesk desk,
            CaseLifecycle lifecycle,
            CaseTemplates templates,
            CaseTimeline timeline,
            CaseMailOutbox outbox,
            MailMessages messages,
            AuditTrail audit) {
        this.audit = audit;
        this.access = access;
        this.desk = desk;
        this.lifecycle = lifecycle;
        this.templates = templates;
        this.timeline = timeline;
        this.outbox = outbox;
        this.messages = messages;
    }

    /**
     * What an engineer writes. With a template, the template is rendered for the case (in {@code language}, else
     * the case's language) and {@code title}/{@code text}, when given, replace the rendered subject/body.
     */
    record Draft(List<String> to, String title, String text, String html, TemplateName template, String language) {}

    /**
     * Queues a mail from an engineer and puts it on the timeline as a MAIL_OUT entry. Without recipients it
     * answers whoever wrote the case's latest received mail, or else writes to the case's contacts.
     */
    @Transactional
    StoredMail send(Actor engineer, CaseNumber number, Draft draft) {
        CaseRef ref = access.require(engineer, number, CaseAction.SEND_MAIL);
        String title = draft.title();
        String text = draft.text();
        if (draft.template() != null) {
            RenderedText rendered = templates.render(ref, draft.template(), draft.language(), engineer);
            title = title == null || title.isBlank() ? rendered.subject() : title;
            text = text == null || text.isBlank() ? rendered.body() : text;
        }
        if (title == null || title.isBlank()) {
            throw new InvalidInputException("subject", Reason.of("problem.mail.subjectNeeded"));
        }
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("body", Reason.of("problem.mail.bodyNeeded"));
        }
        List<String> recipients = recipients(ref, draft.to());
        long mailId = outbox.queue(ref, recipients, title, text, draft.html());
        StoredMail queued = messages.find(ref.id(), mailId).orElseThrow();
        long entryId = timeline.append(
                ref,
                EntryKind.MAIL_OUT,
                engineer,
                "To " + String.join(", ", recipients) + ": " + queued.subject(),
                text,
                "mail_message",
                mailId,
                false);
        messages.linkEntry(mailId, entryId);
        audited(engineer, ref, mailId, recipients, queued.subject(), draft.template());
        return messages.find(ref.id(), mailId).orElseThrow();
    }

    /**
     * Every mail that leaves for the customer is audited with whom it went to, its subject and the template it was
     * written from (none for a free text), in the transaction that queues it.
     */
    private void audited(
            Actor author, CaseRef ref, long mailId, List<String> to, String subject, TemplateName template) {
        audit.record(
                author,
                "mail_message",
                mailId,
                ref.id(),
                "sent",
                List.of(
                        FieldChange.of("to", null, String.join(", ", to)),
                        FieldChange.of("subject", null, subject),
                        FieldChange.of("template", null, template)));
    }

    /**
     * The console's send button: an engineer's edited reply to the case's thread (latest sender, else the case
     * contacts), with the case number and tracking token in the subject. Returns the queued mail's id.
     */
    public long reply(Actor engineer, CaseNumber number, String subject, String body) {
        return reply(engineer, number, subject, body, null);
    }

    /** As {@link #reply(Actor, CaseNumber, String, String)}, written from {@code template} (null: free text). */
    public long reply(Actor engineer, CaseNumber number, String subject, String body, TemplateName template) {
        return send(engineer, number, new Draft(List.of(), subject, body, null, template, null))
                .id();
    }

    /**
     * A mail the desk writes by itself on a case (e.g. asking the customer to confirm a resolution): to the case's
     * contacts, else to whoever wrote its latest received mail, on the timeline as a MAIL_OUT entry without an
     * author, so it does not count as a staff response for the SLA. Empty when the case has nobody to write to.
     */
    @Transactional
    public Optional<Long> sendFromDesk(CaseRef ref, String title, String text) {
        List<String> contacts =
                desk.contacts(ref).stream().map(CaseContact::email).toList();
        List<String> to = !contacts.isEmpty()
                ? contacts
                : messages.latestSender(ref.id()).map(List::of).orElse(List.of());
        if (to.isEmpty()) {
            return Optional.empty();
        }
        long mailId = outbox.queue(ref, to, title, text, null);
        StoredMail queued = messages.find(ref.id(), mailId).orElseThrow();
        long entryId = timeline.append(
                ref,
                EntryKind.MAIL_OUT,
                null,
                "To " + String.join(", ", to) + ": " + queued.subject(),
                text,
                "mail_message",
                mailId,
                false);
        messages.linkEntry(mailId, entryId);
        audited(null, ref, mailId, to, queued.subject(), null);
        return Optional.of(mailId);
    }

    /**
     * A mail that carries a secret, to the case's contacts (else whoever wrote its latest mail): sent at once with
     * {@code sent}, stored and put on the timeline with {@code stored}, the same text without the secret, and audited
     * like any other mail ({@link CaseMailOutbox#sendNow}).
     */
    @Transactional
    long sendWithSecret(Actor engineer, CaseRef ref, RenderedText stored, RenderedText sent, TemplateName template) {
        List<String> contacts =
                desk.contacts(ref).stream().map(CaseContact::email).toList();
        List<String> to = !contacts.isEmpty()
                ? contacts
                : messages.latestSender(ref.id()).map(List::of).orElse(List.of());
        if (to.isEmpty()) {
            throw new InvalidInputException("to", Reason.of("problem.mail.noRecipient"));
        }
        // The subject is stored as sent: it is the masked one, should an edited text put the link there too.
        long mailId = outbox.sendNow(ref, to, stored.subject(), stored.body(), sent.body());
        StoredMail mail = messages.find(ref.id(), mailId).orElseThrow();
        long entryId = timeline.append(
                ref,
                EntryKind.MAIL_OUT,
                engineer,
                "To " + String.join(", ", to) + ": " + mail.subject(),
                stored.body(),
                "mail_message",
                mailId,
                false);
        messages.linkEntry(mailId, entryId);
        audited(engineer, ref, mailId, to, mail.subject(), template);
        return mailId;
    }

    List<StoredMail> list(Actor viewer, CaseNumber number) {
        CaseRef ref = access.require(viewer, number, CaseAction.VIEW);
        return messages.ofCase(ref.id());
    }

    StoredMail get(Actor viewer, CaseNumber number, long mailId) {
        CaseRef ref = access.require(viewer, number, CaseAction.VIEW);
        return messages.find(ref.id(), mailId)
                .orElseThrow(() -> new ResourceNotFoundException("no mail " + mailId + " on case " + number));
    }

    /**
     * Records that a customer's mail agrees to close the (resolved) case: a customer-visible CONSENT entry pointing
     * at the mail ({@code consent_mail}). Only received mail can be consent, each mail only once, and only a mail
     * received after the latest move to RESOLVED (a reply to the resolved case, not an earlier message).
     */
    @Transactional
    public long recordConsent(Actor engineer, CaseNumber number, long mailId) {
        CaseRef ref = access.require(engineer, number, CaseAction.EDIT);
        StoredMail mail = messages.find(ref.id(), mailId)
                .orElseThrow(() -> new ResourceNotFoundException("no mail " + mailId + " on case " + number));
        if (mail.direction() != MailDirection.IN) {
            throw new StateConflictException(Reason.of("problem.consent.notCustomerMail"));
        }
        if (mail.consentEntryId() != null) {
            throw new StateConflictException(
                    Reason.of("problem.consent.alreadyEntry", String.valueOf(mail.consentEntryId())));
        }
        if (mail.entryId() == null) {
            throw new StateConflictException(Reason.of("problem.consent.notOnTimeline"));
        }
        String when = mail.sentAt() != null
                ? mail.sentAt().toString()
                : mail.recordedAt().toString();
        // Through the lifecycle, so the consent counts for closing: refused unless the case is resolved and the
        // mail's MAIL_IN entry is newer than the latest move to RESOLVED (a reply to the resolved case).
        long entryId = lifecycle.recordConsent(
                engineer,
                ref,
                "mail",
                "Consent to close by mail from " + mail.fromAddress() + " (" + when + ")",
                mailId,
                mail.entryId());
        if (!messages.linkConsent(mailId, entryId)) {
            // Another engineer recorded it in the meantime; this transaction (and its entry) rolls back.
            throw new StateConflictException(Reason.of("problem.consent.already"));
        }
        return entryId;
    }

    private List<String> recipients(CaseRef ref, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            List<String> contacts =
                    desk.contacts(ref).stream().map(CaseContact::email).toList();
            return messages.latestSender(ref.id())
                    .map(List::of)
                    .or(() -> contacts.isEmpty() ? Optional.empty() : Optional.of(contacts))
                    .orElseThrow(() -> new InvalidInputException("to", Reason.of("problem.mail.noRecipientGiven")));
        }
        if (requested.size() > MAX_RECIPIENTS) {
            throw new InvalidInputException("to", Reason.of("problem.mail.tooManyRecipients", MAX_RECIPIENTS));
        }
        List<String> addresses = new ArrayList<>();
        for (String candidate : requested) {
            try {
                InternetAddress address = new InternetAddress(candidate == null ? "" : candidate.strip(), true);
                address.validate();
                if (address.getPersonal() != null || !address.getAddress().contains("@")) {
                    throw new AddressException("a bare address is expected");
                }
                addresses.add(address.getAddress().toLowerCase(Locale.ROOT));
            } catch (AddressException invalid) {
                throw new InvalidInputException("to", Reason.of("problem.mail.notAnAddress", candidate));
            }
        }
        return List.copyOf(addresses);
    }
}
