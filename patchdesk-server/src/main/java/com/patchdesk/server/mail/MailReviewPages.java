package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.StateConflictException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Staff review mail that did not go straight onto a case: held mail (failed the sender check; accept or reject,
 * with a reason) and rejected mail (could not be taken in at all; listed so staff look into the error folder).
 */
@Controller
@ConsolePage
class MailReviewPages {

    static final int MAX_REASON = 2000;

    private final HeldMailReview held;
    private final MailRejections rejections;
    private final ProblemTexts texts;

    MailReviewPages(HeldMailReview held, MailRejections rejections, ProblemTexts texts) {
        this.texts = texts;
        this.held = held;
        this.rejections = rejections;
    }

    @GetMapping("/mail/held")
    String heldMail(@CurrentActor Actor actor, Model model) {
        model.addAttribute("heldMail", held.list(actor));
        return "mail/held";
    }

    @PostMapping("/mail/held/{id}/{decision:accept|reject}")
    String decide(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @PathVariable String decision,
            @RequestParam(defaultValue = "") String note,
            RedirectAttributes redirect) {
        if (note.length() > MAX_REASON) {
            redirect.addFlashAttribute("problem", "mail.held.tooLong");
            return "redirect:/mail/held";
        }
        String reason = note.isBlank() ? null : note.strip();
        try {
            if (decision.equals("accept")) {
                held.accept(actor, id, reason);
            } else {
                held.reject(actor, id, reason);
            }
        } catch (StateConflictException e) {
            redirect.addFlashAttribute("problem", "mail.held.refused");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
            return "redirect:/mail/held";
        }
        redirect.addFlashAttribute("notice", "mail.held." + decision + "ed");
        return "redirect:/mail/held";
    }

    @GetMapping("/mail/rejected")
    String rejected(@CurrentActor Actor actor, Model model) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("only staff see rejected mail");
        }
        model.addAttribute("rejections", rejections.latest(200));
        return "mail/rejected";
    }
}
