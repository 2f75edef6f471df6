package com.patchdesk.server.repair;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * "Build repair kit" on the diagnosis page: builds and publishes the kit, then opens the case page with the link shown
 * once and the reply drafted in the compose form.
 */
@Controller
class RepairKitPages {

    private final CaseAccess access;
    private final RepairKits kits;
    private final ProblemTexts texts;

    RepairKitPages(CaseAccess access, RepairKits kits, ProblemTexts texts) {
        this.texts = texts;
        this.access = access;
        this.kits = kits;
    }

    @PostMapping("/cases/{number}/diagnoses/{id}/repair-kit")
    String build(
            @CurrentActor Actor actor, @PathVariable String number, @PathVariable long id, RedirectAttributes redirect)
            throws IOException {
        CaseRef ref = access.require(
                actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)),
                CaseAction.PUBLISH_FILE);
        RepairKits.Built built;
        try {
            built = kits.build(ref, actor, id);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "repairKit.failed");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
            return "redirect:/cases/" + ref.number().value() + "/diagnoses/" + id;
        }
        // The path carries "?t=": appended as it is, not as a path segment (which would encode the "?").
        String url =
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                        + built.link().path();
        redirect.addFlashAttribute("publishedLink", url);
        redirect.addFlashAttribute("notice", "repairKit.published");
        redirect.addFlashAttribute("mailSubject", KitReply.subject(ref.language()));
        redirect.addFlashAttribute("mailText", KitReply.body(ref.language(), built.contents(), url));
        return "redirect:/cases/" + ref.number().value();
    }
}
