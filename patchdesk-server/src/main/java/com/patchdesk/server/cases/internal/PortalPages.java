package com.patchdesk.server.cases.internal;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseEntry;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CasePagePart;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.CustomerActivity;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.StateConflictException;
import java.util.List;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The customer portal: the organisation's cases, one case with its customer-visible timeline, replies, and the
 * confirmation that a resolved case may be closed. Everything goes through {@link CaseAccess}, so a case of
 * another organisation is a 404 exactly like a missing one.
 */
@Controller
@ConsolePage
class PortalPages {

    static final int MAX_REPLY = 20_000;

    private final CaseAccess access;
    private final CaseListing listing;
    private final CaseTimeline timeline;
    private final CaseLifecycle lifecycle;
    private final Organisations organisations;
    private final MessageSource messages;

    private final List<CasePagePart> parts;
    private final CustomerActivity activity;

    PortalPages(
            CaseAccess access,
            CaseListing listing,
            CaseTimeline timeline,
            CaseLifecycle lifecycle,
            Organisations organisations,
            MessageSource messages,
            List<CasePagePart> parts,
            CustomerActivity activity) {
        this.parts = parts;
        this.activity = activity;
        this.access = access;
        this.lifecycle = lifecycle;
        this.listing = listing;
        this.timeline = timeline;
        this.organisations = organisations;
        this.messages = messages;
    }

    @GetMapping("/portal")
    String cases(@CurrentActor Actor actor, @ModelAttribute("filter") CaseListQuery filter, Model model) {
        if (actor.isStaff()) {
            return "redirect:/cases";
        }
        model.addAttribute("organisation", organisations.require(actor.organisationId()));
        model.addAttribute("page", listing.find(actor, filter));
        return "portal/cases";
    }

    @GetMapping("/portal/cases/{number}")
    String show(@CurrentActor Actor actor, @PathVariable String number, Model model) {
        CaseRef ref = access.require(actor, number, CaseAction.VIEW);
        if (actor.isStaff()) {
            return "redirect:/cases/" + ref.number().value();
        }
        List<CaseEntry> entries = timeline.entries(ref, actor);
        model.addAttribute("row", listing.one(ref));
        model.addAttribute("entries", entries);
        model.addAttribute("awaitingConfirmation", awaitingConfirmation(ref, entries));
        parts.forEach(part -> part.addTo(ref, actor, model));
        return "portal/case";
    }

    @PostMapping("/portal/cases/{number}/replies")
    String reply(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(defaultValue = "") String text,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.COMMENT);
        String message = text.strip();
        if (message.isEmpty()) {
            redirect.addFlashAttribute("problem", "portal.reply.empty");
        } else if (message.length() > MAX_REPLY) {
            // Keep what was typed so nothing is lost; the page puts it back into the form.
            redirect.addFlashAttribute("problem", "portal.reply.tooLong");
            redirect.addFlashAttribute("replyText", message);
        } else {
            timeline.append(ref, EntryKind.NOTE, actor, message, message, null, null, false);
            activity.answeredBy(actor, ref, "The customer replied in the portal.");
            redirect.addFlashAttribute("notice", "portal.reply.sent");
        }
        return "redirect:/portal/cases/" + ref.number().value();
    }

    /** The customer's consent to close, recorded as a CONSENT entry the engineer's close step relies on. */
    @PostMapping("/portal/cases/{number}/confirmation")
    String confirm(@CurrentActor Actor actor, @PathVariable String number, RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.CONFIRM_RESOLUTION);
        if (!awaitingConfirmation(ref, timeline.entries(ref, actor))) {
            redirect.addFlashAttribute("problem", "portal.confirm.notResolved");
        } else {
            String summary = messages.getMessage("portal.confirmed.summary", null, ref.language());
            try {
                lifecycle.recordConsent(actor, ref, "portal", summary, null);
                redirect.addFlashAttribute("notice", "portal.confirm.done");
            } catch (StateConflictException movedOnMeanwhile) {
                redirect.addFlashAttribute("problem", "portal.confirm.notResolved");
            }
        }
        return "redirect:/portal/cases/" + ref.number().value();
    }

    /** Resolved, and no consent given since it was last resolved. */
    private static boolean awaitingConfirmation(CaseRef ref, List<CaseEntry> entries) {
        if (ref.status() != CaseStatus.RESOLVED) {
            return false;
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            EntryKind kind = entries.get(i).kind();
            if (kind == EntryKind.CONSENT) {
                return false;
            }
            if (kind == EntryKind.STATUS_CHANGE) {
                return true;
            }
        }
        return true;
    }
}
