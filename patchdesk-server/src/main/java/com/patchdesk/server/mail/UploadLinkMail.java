package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTemplates;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.EntryWording;
import com.patchdesk.server.cases.RenderedText;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.cases.TemplateUploadLink;
import com.patchdesk.server.files.UploadLinks;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mails an upload link the engineer just made to the case's customer, in the case's language: the upload-link text
 * (or the scoping text, which asks for the logs) with the link, its expiry and limits and the collector's PowerShell
 * line. The link's token is checked against its stored hash, goes out in that one mail, and is masked in everything
 * the server keeps of it (the stored mail, the timeline entry). A mail the mail server did not take is gone with its
 * token: the case gets an internal note and an audit record of that, and the engineer is told to send the link
 * again (by hand, or a new link), so that nobody waits for a mail that never left.
 */
@Service
class UploadLinkMail {

    /** The texts that have a place for the link. */
    static final Set<TemplateName> TEMPLATES = Set.of(TemplateName.UPLOAD_LINK, TemplateName.SCOPING);

    /** What the stored copy shows where the token was. */
    static final String MASK = "…";

    private final UploadLinks links;
    private final CaseTemplates templates;
    private final CaseCorrespondence correspondence;
    private final CaseTimeline timeline;
    private final AuditTrail audit;
    private final TransactionTemplate together;

    UploadLinkMail(
            UploadLinks links,
            CaseTemplates templates,
            CaseCorrespondence correspondence,
            CaseTimeline timeline,
            AuditTrail audit,
            PlatformTransactionManager transactions) {
        this.together = new TransactionTemplate(transactions);
        this.links = links;
        this.templates = templates;
        this.correspondence = correspondence;
        this.timeline = timeline;
        this.audit = audit;
    }

    /**
     * Sends the link at {@code url} ({@code https://host/u/7/TOKEN}, checked by the caller to be this server's) with
     * {@code template} (null: the upload-link text); returns the mail's id.
     */
    long send(Actor engineer, CaseRef ref, String url, TemplateName template) {
        TemplateName chosen = template == null ? TemplateName.UPLOAD_LINK : template;
        if (!TEMPLATES.contains(chosen)) {
            throw new InvalidInputException("template", Reason.of("problem.uploadLinkMail.template"));
        }
        TemplateUploadLink link = links.forMail(ref, url)
                .orElseThrow(() -> new InvalidInputException("url", Reason.of("problem.uploadLinkMail.notALink")));
        String token = url.substring(url.lastIndexOf('/') + 1);
        RenderedText sent = templates.render(ref, chosen, null, engineer, link);
        RenderedText stored = new RenderedText(
                sent.subject().replace(token, MASK), sent.body().replace(token, MASK), sent.locale());
        try {
            return correspondence.sendWithSecret(engineer, ref, stored, sent, chosen);
        } catch (MailNotSentException e) {
            // The mail's transaction rolled back; the note and its audit record are written together, on their own.
            String masked = url.replace(token, MASK);
            together.executeWithoutResult(status -> {
                timeline.append(
                        ref,
                        EntryKind.NOTE,
                        engineer,
                        EntryWording.of("entry.text.uploadLinkNotMailed", masked),
                        List.of(EntryWording.of("entry.text.uploadLinkNotMailedWhy", e.why())),
                        "upload_link_mail",
                        null,
                        true);
                audit.record(
                        engineer,
                        "case",
                        ref.id(),
                        ref.id(),
                        "upload link not mailed",
                        List.of(FieldChange.of("reason", null, e.why())));
            });
            throw new MailNotSentException(Reason.of("problem.uploadLinkMail.notSent", e.why()), e.why());
        }
    }
}
