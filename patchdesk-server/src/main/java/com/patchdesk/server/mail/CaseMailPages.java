package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CasePagePart;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.StateConflictException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The case page's mail forms: the engineer's reply to the customer, and consent taken from a customer's mail. Each
 * answers with a redirect back to the case and a notice; a refusal keeps the typed text in the form.
 */
@Controller
@ConsolePage
class CaseMailPages {

    private static final int MAX_TEXT = CasePagePart.MAX_TEXT;

    private final CaseAccess access;
    private final CaseCorrespondence correspondence;
    private final ProblemTexts texts;

    CaseMailPages(CaseAccess access, CaseCorrespondence correspondence, ProblemTexts texts) {
        this.texts = texts;
        this.access = access;
        this.correspondence = correspondence;
    }

    @PostMapping("/cases/{number}/mails")
    String sendMail(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(required = false) TemplateName template,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.SEND_MAIL);
        if (subject.isBlank() || text.isBlank() || subject.length() > 400 || text.length() > MAX_TEXT) {
            redirect.addFlashAttribute("mailSubject", subject);
            return refused(redirect, ref, "case.compose.invalid", "mailText", text);
        }
        try {
            // The template only names where the text came from, for the audit trail; the text is the engineer's.
            correspondence.reply(actor, ref.number(), subject.strip(), text, template);
        } catch (InvalidInputException | StateConflictException e) {
            // No recipient known yet (no mail received and no contact), or the case cannot take mail now.
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
            redirect.addFlashAttribute("mailSubject", subject);
            return refused(redirect, ref, "case.compose.refused", "mailText", text);
        }
        redirect.addFlashAttribute("notice", "case.compose.sent");
        return backTo(ref);
    }

    @PostMapping("/cases/{number}/consent/mail")
    String consentFromMail(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam long mailId,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.EDIT);
        try {
            correspondence.recordConsent(actor, ref.number(), mailId);
        } catch (StateConflictException e) {
            redirect.addFlashAttribute("problem", "case.consent.refused");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
            return backTo(ref);
        }
        redirect.addFlashAttribute("notice", "case.consent.recorded");
        return backTo(ref);
    }

    private static String refused(
            RedirectAttributes redirect, CaseRef ref, String problem, String draftName, String draft) {
        redirect.addFlashAttribute("problem", problem);
        redirect.addFlashAttribute(draftName, draft);
        return backTo(ref);
    }

    private static String backTo(CaseRef ref) {
        return "redirect:/cases/" + ref.number().value();
    }
}
