package com.patchdesk.server.assignment;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseSearch;
import com.patchdesk.server.cases.CaseView;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Assignment, queues, workload, duplicates, merge and bulk actions (docs/engineer-day.md). Staff only; no If-Match:
 * the server checks the case's version itself.
 */
@RestController
class AssignmentApi {

    private final CaseAccess access;
    private final CaseSearch search;
    private final Assignments assignments;
    private final Queues queues;
    private final Workload workload;
    private final Duplicates duplicates;
    private final CaseMerge merge;
    private final BulkActions bulk;
    private final QueueListing listing;

    AssignmentApi(
            CaseAccess access,
            CaseSearch search,
            Assignments assignments,
            Queues queues,
            Workload workload,
            Duplicates duplicates,
            CaseMerge merge,
            BulkActions bulk,
            QueueListing listing) {
        this.listing = listing;
        this.access = access;
        this.search = search;
        this.assignments = assignments;
        this.queues = queues;
        this.workload = workload;
        this.duplicates = duplicates;
        this.merge = merge;
        this.bulk = bulk;
    }

    /**
     * {@code {"owner": "me" | "<user id>" | "" (nobody)}} and/or {@code {"queue": "<queue id>" | "" (none)}}; a key
     * left out is left as it is.
     */
    @PostMapping("/api/cases/{number}/assignment")
    CaseAssignment assign(
            @CurrentActor Actor actor, @PathVariable String number, @RequestBody Map<String, String> body) {
        CaseRef ref = edit(actor, number);
        if (body.containsKey("owner")) {
            assignments.assign(actor, ref, BulkActions.owner(actor, text(body.get("owner"))));
        }
        if (body.containsKey("queue")) {
            String queue = text(body.get("queue"));
            queues.place(actor, ref, queue.isEmpty() ? null : parseId(queue));
        }
        return assignment(ref);
    }

    @GetMapping("/api/cases/{number}/assignment")
    CaseAssignment assignment(@CurrentActor Actor actor, @PathVariable String number) {
        return assignment(view(actor, number));
    }

    @GetMapping("/api/queues")
    List<Queue> queues(@CurrentActor Actor actor) {
        requireStaff(actor);
        return queues.list();
    }

    @PostMapping("/api/queues")
    @ResponseStatus(HttpStatus.CREATED)
    Queue createQueue(@CurrentActor Actor actor, @Valid @RequestBody NewQueue request) {
        return queues.create(actor, request);
    }

    /** The open cases of a queue; {@code unassigned} lists the open cases nobody owns. */
    @GetMapping("/api/queues/{queue}/cases")
    List<CaseView> queueCases(@CurrentActor Actor actor, @PathVariable String queue) {
        requireStaff(actor);
        return listing.cases(actor, queue);
    }

    @GetMapping("/api/workload")
    List<Workload.Load> workload(@CurrentActor Actor actor) {
        requireStaff(actor);
        return workload.perEngineer();
    }

    @GetMapping("/api/cases/{number}/duplicates")
    List<Duplicates.Candidate> duplicates(@CurrentActor Actor actor, @PathVariable String number) {
        return duplicates.of(view(actor, number));
    }

    /** {@code {"into": "CAS-…"}}: merges this case into that one. */
    @PostMapping("/api/cases/{number}/merge")
    CaseMerge.Moved merge(
            @CurrentActor Actor actor, @PathVariable String number, @RequestBody Map<String, String> body) {
        CaseRef duplicate = edit(actor, number);
        return merge.merge(actor, duplicate, edit(actor, text(body.get("into"))));
    }

    @PostMapping("/api/cases/bulk")
    List<BulkActions.Outcome> bulk(@CurrentActor Actor actor, @RequestBody BulkActions.Request request) {
        return bulk.apply(actor, request);
    }

    /** Who owns a case and which queue it is in. */
    record CaseAssignment(String number, Long ownerId, String ownerName, Long queueId, String queueName, int version) {}

    private CaseAssignment assignment(CaseRef ref) {
        CaseView view = search.one(ref);
        var queue = queues.of(ref.id());
        return new CaseAssignment(
                view.number(),
                view.ownerId(),
                view.ownerName(),
                queue.map(Queue::id).orElse(null),
                queue.map(Queue::name).orElse(null),
                view.version());
    }

    private CaseRef edit(Actor actor, String number) {
        // A case the caller may not see is not found, before anything says it is for staff (no existence leak).
        CaseRef ref = access.require(
                actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)),
                CaseAction.VIEW);
        requireStaff(actor);
        return access.require(actor, ref.number(), CaseAction.EDIT);
    }

    private CaseRef view(Actor actor, String number) {
        // A case the caller may not see is not found, before anything says it is for staff (no existence leak).
        CaseRef ref = access.require(
                actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)),
                CaseAction.VIEW);
        requireStaff(actor);
        return ref;
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new com.patchdesk.server.problems.InvalidInputException("queue", "not a queue id: " + id);
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    static void requireStaff(Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("staff only");
        }
    }
}
