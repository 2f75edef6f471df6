package com.patchdesk.server.cases.internal;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseChanges;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseDismissals;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.FormChecks;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.StateConflictException;
import com.patchdesk.server.problems.VersionMismatchException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The staff actions of the case API that the case page had no control for: editing the header (the page carries
 * the version it showed, so a concurrent edit is refused with the typed values kept, never overwritten), closing a
 * duplicate or spam case, and the audit trail. (Download links: files.DownloadLinkPages; mail: mail.CaseMailPages.)
 */
@Controller
@ConsolePage
class CaseConsoleActions {

    private final CaseAccess access;
    private final CaseDesk desk;
    private final CaseDismissals dismissals;
    private final AuditTrail audit;
    private final CaseListing listing;
    private final FormChecks checks;
    private final ProblemTexts texts;

    CaseConsoleActions(
            CaseAccess access,
            CaseDesk desk,
            CaseDismissals dismissals,
            AuditTrail audit,
            CaseListing listing,
            FormChecks checks,
            ProblemTexts texts) {
        this.texts = texts;
        this.access = access;
        this.desk = desk;
        this.dismissals = dismissals;
        this.audit = audit;
        this.listing = listing;
        this.checks = checks;
    }

    @PostMapping("/cases/{number}/header")
    String editHeader(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam long version,
            @RequestParam(defaultValue = "") String title,
            @RequestParam Priority priority,
            @RequestParam(defaultValue = "") String reportedKb,
            @RequestParam(defaultValue = "") String reportedError,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.EDIT);
        CaseChanges changes = new CaseChanges(
                title.strip(),
                priority,
                null,
                null,
                null,
                null,
                reportedKb.strip(),
                reportedError.strip(),
                null,
                null,
                null);
        try {
            checks.require(changes);
            desk.update(actor, ref, version, changes);
        } catch (InvalidInputException | VersionMismatchException e) {
            // Keep what was typed; on a conflict the page now shows the other person's values beside it.
            redirect.addFlashAttribute("headerDraft", new HeaderDraft(title, priority, reportedKb, reportedError));
            redirect.addFlashAttribute(
                    "problem", e instanceof VersionMismatchException ? "case.header.conflict" : "case.header.invalid");
            if (!(e instanceof VersionMismatchException)) {
                // The conflict's own message says it all in the reader's language; the API's text would not.
                redirect.addFlashAttribute("problemDetail", texts.describe(e));
            }
            return backTo(ref);
        }
        redirect.addFlashAttribute("notice", "case.header.saved");
        return backTo(ref);
    }

    /** What the engineer typed into the header form, shown again after a refusal. */
    record HeaderDraft(String title, Priority priority, String reportedKb, String reportedError)
            implements java.io.Serializable {}

    @PostMapping("/cases/{number}/dismissal")
    String dismiss(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam long version,
            @RequestParam CaseDismissals.Reason reason,
            @RequestParam(defaultValue = "") String note,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.EDIT);
        try {
            if (note.length() > CaseActions.MAX_TEXT) {
                throw new InvalidInputException("note", Reason.of("problem.text.tooLong", CaseActions.MAX_TEXT));
            }
            dismissals.dismiss(actor, ref, reason, note, version);
        } catch (InvalidInputException | StateConflictException | VersionMismatchException e) {
            redirect.addFlashAttribute("problem", "case.dismiss.refused");
            CaseActions.detail(redirect, e, texts);
            redirect.addFlashAttribute("dismissNote", note);
            return backTo(ref);
        }
        redirect.addFlashAttribute("notice", "case.dismiss.done");
        return backTo(ref);
    }

    @GetMapping("/cases/{number}/audit")
    String auditTrail(@CurrentActor Actor actor, @PathVariable String number, Model model) {
        CaseRef ref = access.require(actor, number, CaseAction.VIEW_INTERNAL);
        model.addAttribute("row", listing.one(ref));
        model.addAttribute("records", audit.forCase(ref.id()));
        return "cases/audit";
    }

    private static String backTo(CaseRef ref) {
        return "redirect:/cases/" + ref.number().value();
    }
}
