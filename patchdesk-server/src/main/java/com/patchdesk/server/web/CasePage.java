package com.patchdesk.server.web;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * One case: header with the SLA clocks, the whole timeline, and what can be done next. Staff see internal entries;
 * a customer of another organisation gets the same 404 as for a case that does not exist.
 */
@Controller
class CasePage {

    private final CaseAccess access;
    private final CaseListing listing;
    private final CaseTimeline timeline;

    CasePage(CaseAccess access, CaseListing listing, CaseTimeline timeline) {
        this.access = access;
        this.listing = listing;
        this.timeline = timeline;
    }

    @GetMapping("/cases/{number}")
    String show(@CurrentActor Actor actor, @PathVariable String number, Model model) {
        CaseRef ref = require(access, actor, number, CaseAction.VIEW);
        if (!actor.isStaff()) {
            return "redirect:/portal/cases/" + ref.number().value();
        }
        model.addAttribute("row", listing.one(ref));
        model.addAttribute("entries", timeline.entries(ref, actor));
        return "cases/case";
    }

    /** Path variables that are not case numbers are simply cases that do not exist. */
    static CaseRef require(CaseAccess access, Actor actor, String number, CaseAction action) {
        return access.require(actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)), action);
    }
}
