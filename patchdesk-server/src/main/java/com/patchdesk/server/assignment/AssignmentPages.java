package com.patchdesk.server.assignment;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.StateConflictException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console side of assignment: the case page's assignment and merge forms, the case list's bulk form, and the
 * queues page (queues with their cases, the unassigned queue, workload per engineer, new queues for admins).
 * Refusals come back as a notice on the page the user came from; nothing typed is needed again.
 */
@Controller
class AssignmentPages {

    private final CaseAccess access;
    private final Assignments assignments;
    private final Queues queues;
    private final QueueListing listing;
    private final Workload workload;
    private final CaseMerge merge;
    private final BulkActions bulk;
    private final Organisations organisations;
    private final ProblemTexts texts;

    AssignmentPages(
            CaseAccess access,
            Assignments assignments,
            Queues queues,
            QueueListing listing,
            Workload workload,
            CaseMerge merge,
            BulkActions bulk,
            Organisations organisations,
            ProblemTexts texts) {
        this.texts = texts;
        this.access = access;
        this.assignments = assignments;
        this.queues = queues;
        this.listing = listing;
        this.workload = workload;
        this.merge = merge;
        this.bulk = bulk;
        this.organisations = organisations;
    }

    @PostMapping("/cases/{number}/assignment")
    String assign(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) String queue,
            RedirectAttributes redirect) {
        CaseRef ref = require(actor, number);
        try {
            if (owner != null) {
                assignments.assign(actor, ref, BulkActions.owner(actor, owner.strip()));
            }
            if (queue != null) {
                queues.place(actor, ref, queue.isBlank() ? null : Long.valueOf(queue.strip()));
            }
            redirect.addFlashAttribute("notice", "assignment.saved");
        } catch (InvalidInputException | NumberFormatException e) {
            redirect.addFlashAttribute("problem", "assignment.refused");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
        }
        return "redirect:/cases/" + ref.number().value();
    }

    @PostMapping("/cases/{number}/merge")
    String merge(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(defaultValue = "") String into,
            RedirectAttributes redirect) {
        CaseRef duplicate = require(actor, number);
        try {
            CaseRef target = require(actor, into.strip());
            merge.merge(actor, duplicate, target);
            redirect.addFlashAttribute("notice", "merge.done");
            return "redirect:/cases/" + target.number().value();
        } catch (InvalidInputException | StateConflictException | CaseNotFoundException e) {
            redirect.addFlashAttribute("problem", "merge.refused");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
            return "redirect:/cases/" + duplicate.number().value();
        }
    }

    @PostMapping("/cases/bulk")
    String bulk(
            @CurrentActor Actor actor,
            @RequestParam(name = "cases", required = false) List<String> cases,
            @RequestParam(defaultValue = "") String change,
            @org.springframework.web.bind.annotation.RequestHeader(name = "Referer", required = false) String referer,
            RedirectAttributes redirect) {
        AssignmentApi.requireStaff(actor);
        String target = backToList(referer);
        try {
            // One choice names the change and its value, e.g. "PRIORITY:P1", "OWNER:me", "QUEUE:3".
            int colon = change.indexOf(':');
            BulkActions.Kind kind = BulkActions.Kind.valueOf(colon < 0 ? change : change.substring(0, colon));
            String value = colon < 0 ? "" : change.substring(colon + 1);
            List<BulkActions.Outcome> outcomes = bulk.apply(actor, new BulkActions.Request(cases, kind, value));
            redirect.addFlashAttribute("bulkOutcomes", outcomes);
            redirect.addFlashAttribute(
                    "notice", outcomes.stream().allMatch(BulkActions.Outcome::ok) ? "bulk.done" : "bulk.partly");
        } catch (IllegalArgumentException e) {
            // InvalidInputException is one too: no case selected, a bad value, an unknown action.
            redirect.addFlashAttribute("problem", "bulk.refused");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
        }
        return "redirect:" + target;
    }

    @GetMapping("/queues")
    String queues(@CurrentActor Actor actor, Model model) {
        AssignmentApi.requireStaff(actor);
        Map<Queue, Object> byQueue = new LinkedHashMap<>();
        for (Queue queue : queues.list()) {
            byQueue.put(queue, listing.cases(actor, String.valueOf(queue.id())));
        }
        model.addAttribute("queues", byQueue);
        model.addAttribute("unassigned", listing.cases(actor, QueueListing.UNASSIGNED));
        model.addAttribute("workload", workload.perEngineer());
        model.addAttribute("organisations", organisations.visibleTo(actor));
        model.addAttribute("priorities", Priority.values());
        return "assignment/queues";
    }

    @PostMapping("/queues")
    String createQueue(
            @CurrentActor Actor actor,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) Long organisationId,
            @RequestParam(defaultValue = "") String product,
            @RequestParam(defaultValue = "") String priority,
            RedirectAttributes redirect) {
        try {
            queues.create(actor, new NewQueue(name, organisationId, product, priority, null));
            redirect.addFlashAttribute("notice", "queues.created");
        } catch (InvalidInputException | StateConflictException e) {
            redirect.addFlashAttribute("problem", "queues.refused");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
        }
        return "redirect:/queues";
    }

    /** Back to the list page (with its filters and page) the form was on; anywhere else is not followed. */
    static String backToList(String referer) {
        try {
            java.net.URI uri = java.net.URI.create(referer == null ? "" : referer);
            String path = uri.getRawPath();
            if (path != null && (path.equals("/cases") || path.equals("/queues"))) {
                return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            }
        } catch (IllegalArgumentException notAUri) {
            // fall through to the plain list
        }
        return "/cases";
    }

    private CaseRef require(Actor actor, String number) {
        AssignmentApi.requireStaff(actor);
        return access.require(
                actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)),
                CaseAction.EDIT);
    }
}
