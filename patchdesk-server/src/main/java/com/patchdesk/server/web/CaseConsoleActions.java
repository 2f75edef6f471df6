package com.patchdesk.server.web;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseChanges;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseDismissals;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.files.DownloadLinks;
import com.patchdesk.server.mail.CaseCorrespondence;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.StateConflictException;
import com.patchdesk.server.problems.VersionMismatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The staff actions of the case API that the case page had no control for: editing the header (the page carries
 * the version it showed, so a concurrent edit is refused with the typed values kept, never overwritten), revoking
 * and mailing download links, consent from a customer's mail, closing a duplicate or spam case, and the audit trail.
 */
@Controller
class CaseConsoleActions {

    private final CaseAccess access;
    private final CaseDesk desk;
    private final CaseDismissals dismissals;
    private final DownloadLinks links;
    private final CaseCorrespondence correspondence;
    private final AuditTrail audit;
    private final CaseListing listing;
    private final PublicUrls urls;
    private final MessageSource messages;
    private final FormChecks checks;

    CaseConsoleActions(CaseAccess access, CaseDesk desk, CaseDismissals dismissals, DownloadLinks links,
                       CaseCorrespondence correspondence, AuditTrail audit, CaseListing listing, PublicUrls urls,
                       MessageSource messages, FormChecks checks) {
        this.access = access;
        this.desk = desk;
        this.dismissals = dismissals;
        this.links = links;
        this.correspondence = correspondence;
        this.audit = audit;
        this.listing = listing;
        this.urls = urls;
        this.messages = messages;
        this.checks = checks;
    }

    @PostMapping("/cases/{number}/header")
    String editHeader(@CurrentActor Actor actor, @PathVariable String number, @RequestParam long version,
                      @RequestParam(defaultValue = "") String title, @RequestParam Priority priority,
                      @RequestParam(defaultValue = "") String reportedKb,
                      @RequestParam(defaultValue = "") String reportedError, RedirectAttributes redirect) {
        CaseRef ref = CasePage.require(access, actor, number, CaseAction.EDIT);
        CaseChanges changes = new CaseChanges(title.strip(), priority, null, null, null, null, reportedKb.strip(),
                reportedError.strip(), null, null, null);
        try {
            checks.require(changes);
            desk.update(actor, ref, version, changes);
        } catch (InvalidInputException | VersionMismatchException e) {
            // Keep what was typed; on a conflict the page now shows the other person's values beside it.
            redirect.addFlashAttribute("headerDraft", new HeaderDraft(title, priority, reportedKb, reportedError));
            redirect.addFlashAttribute("problem", e instanceof VersionMismatchException
                    ? "case.header.conflict" : "case.header.invalid");
            redirect.addFlashAttribute("problemDetail", e.getMessage());
            return backTo(ref);
        }
        redirect.addFlashAttribute("notice", "case.header.saved");
        return backTo(ref);
    }

    /** What the engineer typed into the header form, shown again after a refusal. */
    record HeaderDraft(String title, Priority priority, String reportedKb, String reportedError)
            implements java.io.Serializable {
    }

    @PostMapping("/cases/{number}/downloads/{id}/revoke")
    String revoke(@CurrentActor Actor actor, @PathVariable String number, @PathVariable long id,
                  RedirectAttributes redirect) {
        CaseRef ref = CasePage.require(access, actor, number, CaseAction.PUBLISH_FILE);
        if (!links.revoke(ref, id, actor.userId())) {
            throw new CaseNotFoundException(number + " link " + id);
        }
        redirect.addFlashAttribute("notice", "files.link.revokedNotice");
        return backTo(ref);
    }

    /**
     * "Send to customer": the just-published link goes into the reply form, in the case's language, for the
     * engineer to read and send. The link comes back from the engineer's own page (its token is stored nowhere).
     */
    @PostMapping("/cases/{number}/downloads/mail")
    String mailLink(@CurrentActor Actor actor, @PathVariable String number, @RequestParam String url,
                    @RequestParam(defaultValue = "") String fileName, HttpServletRequest request,
                    RedirectAttributes redirect) {
        CaseRef ref = CasePage.require(access, actor, number, CaseAction.SEND_MAIL);
        if (!urls.isOurs(url, "/d/", request)) {
            throw new InvalidInputException("url", "not a download link of this server");
        }
        Locale language = ref.language();
        String name = fileName.length() > 300 ? fileName.substring(0, 300) : fileName;
        redirect.addFlashAttribute("mailSubject", messages.getMessage("files.link.mailSubject",
                new Object[] {name}, language));
        redirect.addFlashAttribute("mailText", messages.getMessage("files.link.mailBody",
                new Object[] {name, url}, language));
        redirect.addFlashAttribute("notice", "files.link.mailPrepared");
        return backTo(ref) + "#compose-heading";
    }

    @PostMapping("/cases/{number}/consent/mail")
    String consentFromMail(@CurrentActor Actor actor, @PathVariable String number, @RequestParam long mailId,
                           RedirectAttributes redirect) {
        CaseRef ref = CasePage.require(access, actor, number, CaseAction.EDIT);
        try {
            correspondence.recordConsent(actor, ref.number(), mailId);
        } catch (StateConflictException e) {
            redirect.addFlashAttribute("problem", "case.consent.refused");
            redirect.addFlashAttribute("problemDetail", e.getMessage());
            return backTo(ref);
        }
        redirect.addFlashAttribute("notice", "case.consent.recorded");
        return backTo(ref);
    }

    @PostMapping("/cases/{number}/dismissal")
    String dismiss(@CurrentActor Actor actor, @PathVariable String number, @RequestParam long version,
                   @RequestParam CaseDismissals.Reason reason, @RequestParam(defaultValue = "") String note,
                   RedirectAttributes redirect) {
        CaseRef ref = CasePage.require(access, actor, number, CaseAction.EDIT);
        try {
            if (note.length() > CaseActions.MAX_TEXT) {
                throw new InvalidInputException("note", "at most " + CaseActions.MAX_TEXT + " characters");
            }
            dismissals.dismiss(actor, ref, reason, note, version);
        } catch (InvalidInputException | StateConflictException | VersionMismatchException e) {
            redirect.addFlashAttribute("problem", "case.dismiss.refused");
            redirect.addFlashAttribute("problemDetail", e.getMessage());
            redirect.addFlashAttribute("dismissNote", note);
            return backTo(ref);
        }
        redirect.addFlashAttribute("notice", "case.dismiss.done");
        return backTo(ref);
    }

    @GetMapping("/cases/{number}/audit")
    String auditTrail(@CurrentActor Actor actor, @PathVariable String number, Model model) {
        CaseRef ref = CasePage.require(access, actor, number, CaseAction.VIEW_INTERNAL);
        model.addAttribute("row", listing.one(ref));
        model.addAttribute("records", audit.forCase(ref.id()));
        return "cases/audit";
    }

    private static String backTo(CaseRef ref) {
        return "redirect:/cases/" + ref.number().value();
    }
}
