package com.patchdesk.server.cases.internal;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CasePagePart;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTemplates;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.web.PageTime;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * One case: header with the SLA clocks, the whole timeline, and what can be done next. Staff see internal entries;
 * a customer of another organisation gets the same 404 as for a case that does not exist.
 */
@Controller
@ConsolePage
class CasePage {

    private final CaseAccess access;
    private final CaseListing listing;
    private final CaseTimeline timeline;
    private final CaseTemplates templates;
    private final PageTime time;
    private final List<CasePagePart> parts;

    CasePage(
            CaseAccess access,
            CaseListing listing,
            CaseTimeline timeline,
            CaseTemplates templates,
            PageTime time,
            List<CasePagePart> parts) {
        this.parts = parts;
        this.access = access;
        this.listing = listing;
        this.timeline = timeline;
        this.templates = templates;
        this.time = time;
    }

    @GetMapping("/cases/{number}")
    String show(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(required = false) TemplateName template,
            Model model) {
        CaseRef ref = access.require(actor, number, CaseAction.VIEW);
        if (!actor.isStaff()) {
            return "redirect:/portal/cases/" + ref.number().value();
        }
        CaseListing.Row row = listing.one(ref);
        model.addAttribute("row", row);
        model.addAttribute("entries", timeline.entries(ref, actor));
        model.addAttribute("nextStatuses", offeredMoves(row.view().status()));
        parts.forEach(part -> part.addTo(ref, actor, model));
        model.addAttribute("templates", TemplateName.composables());
        model.addAttribute("zone", time.zone());
        model.addAttribute("priorities", com.patchdesk.server.cases.Priority.values());
        model.addAttribute("dismissReasons", com.patchdesk.server.cases.CaseDismissals.Reason.values());
        if (template != null) {
            model.addAttribute("chosenTemplate", template);
            model.addAttribute("composed", templates.render(ref, template, null, actor));
        }
        if (row.view().status() == CaseStatus.RESOLVED && !model.containsAttribute("statusNote")) {
            // Closing is the next step: start the closing note from the closure summary template.
            model.addAttribute(
                    "statusNote",
                    templates
                            .render(ref, TemplateName.CLOSURE_SUMMARY, null, actor)
                            .body());
        }
        return "cases/case";
    }

    /** Forward moves first (the usual next step is preselected), then the ways back. */
    static List<CaseStatus> offeredMoves(CaseStatus from) {
        return from.next().stream()
                .sorted(Comparator.comparing((CaseStatus to) -> to.ordinal() < from.ordinal())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
