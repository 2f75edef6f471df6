package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.TemplateName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/cases/{number}/mails}: a case's mail thread. */
@RestController
@RequestMapping("/api/cases/{number}/mails")
class MailApi {

    private final CaseCorrespondence correspondence;
    private final MailAttachments attachments;

    MailApi(CaseCorrespondence correspondence, MailAttachments attachments) {
        this.correspondence = correspondence;
        this.attachments = attachments;
    }

    /**
     * A mail an engineer sends on a case: {@code subject} and {@code body}, or a {@code template} (rendered for the
     * case; a given subject or body replaces the rendered one).
     *
     * @param to       recipients; when empty, whoever wrote the case's latest received mail, else the contacts
     * @param subject  the title part of the subject; case number and tracking token are added
     * @param html     optional HTML alternative of {@code body}
     * @param language template language ({@code zh-CN}, {@code en}); default the case's language
     */
    record OutgoingMail(
            @Size(max = 20) List<String> to,
            @Size(max = 300) String subject,
            @Size(max = 100_000) String body,
            @Size(max = 200_000) String html,
            TemplateName template,
            @Size(max = 8) String language) {}

    /**
     * A mail as the API shows it; staff-only details are null for customers. Attachments are case files
     * ({@code /api/cases/{number}/files/{fileId}/content}).
     */
    record MailView(
            long id,
            String messageId,
            MailDirection direction,
            String from,
            String fromName,
            List<String> to,
            String subject,
            String body,
            List<MailAttachments.Attachment> attachments,
            Instant sentAt,
            Instant recordedAt,
            DeliveryState delivery,
            Integer attempts,
            String lastError,
            ThreadMatch threadMatch,
            List<String> notes,
            Long entryId,
            Long consentEntryId) {}

    private MailView view(StoredMail mail, Actor viewer) {
        boolean staff = viewer.isStaff();
        return new MailView(
                mail.id(),
                mail.messageId(),
                mail.direction(),
                mail.fromAddress(),
                mail.fromName(),
                mail.to(),
                mail.subject(),
                mail.text(),
                attachments.of(mail.id()),
                mail.sentAt(),
                mail.recordedAt(),
                mail.delivery(),
                staff ? mail.attempts() : null,
                staff ? mail.lastError() : null,
                staff ? mail.threadMatch() : null,
                staff ? mail.notes() : null,
                mail.entryId(),
                mail.consentEntryId());
    }

    @PostMapping
    ResponseEntity<MailView> send(
            @CurrentActor Actor actor, @PathVariable String number, @Valid @RequestBody OutgoingMail request) {
        StoredMail queued = correspondence.send(
                actor,
                caseNumber(number),
                new CaseCorrespondence.Draft(
                        request.to(),
                        request.subject(),
                        request.body(),
                        request.html(),
                        request.template(),
                        request.language()));
        // 202: stored and queued; SMTP delivery follows in the background (see "delivery").
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/cases/" + number + "/mails/" + queued.id()))
                .body(view(queued, actor));
    }

    @GetMapping
    List<MailView> list(@CurrentActor Actor actor, @PathVariable String number) {
        return correspondence.list(actor, caseNumber(number)).stream()
                .map(mail -> view(mail, actor))
                .toList();
    }

    @GetMapping("/{id}")
    MailView get(@CurrentActor Actor actor, @PathVariable String number, @PathVariable("id") long mailId) {
        return view(correspondence.get(actor, caseNumber(number), mailId), actor);
    }

    /** Marks a received mail as the customer's consent to close the case. */
    @PostMapping("/{id}/consent")
    ResponseEntity<Map<String, Long>> consent(
            @CurrentActor Actor actor, @PathVariable String number, @PathVariable("id") long mailId) {
        long entryId = correspondence.recordConsent(actor, caseNumber(number), mailId);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("entryId", entryId));
    }

    private static CaseNumber caseNumber(String number) {
        return CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number));
    }
}
