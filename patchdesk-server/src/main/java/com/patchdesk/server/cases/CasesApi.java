package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.audit.AuditRecord;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.problems.InvalidInputException;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The case API. Every case-scoped call goes through {@link CaseAccess} first. */
@RestController
@RequestMapping("/api/cases")
class CasesApi {

    private final CaseDesk desk;
    private final CaseAccess access;
    private final CaseViews views;
    private final CaseSearch search;
    private final CaseTimeline timeline;
    private final CaseLifecycle lifecycle;
    private final CaseTemplates templates;
    private final AuditTrail audit;
    private final CustomerActivity activity;

    CasesApi(
            CaseDesk desk,
            CaseAccess access,
            CaseViews views,
            CaseSearch search,
            CaseTimeline timeline,
            CaseLifecycle lifecycle,
            CaseTemplates templates,
            AuditTrail audit,
            CustomerActivity activity) {
        this.desk = desk;
        this.access = access;
        this.views = views;
        this.search = search;
        this.timeline = timeline;
        this.lifecycle = lifecycle;
        this.templates = templates;
        this.audit = audit;
        this.activity = activity;
    }

    @PostMapping
    ResponseEntity<CaseView> open(@CurrentActor Actor actor, @Valid @RequestBody NewCase request) {
        CaseView created = views.of(desk.open(actor, request));
        return ResponseEntity.created(URI.create("/api/cases/" + created.number()))
                .eTag(IfMatch.etag(created.version()))
                .body(created);
    }

    /** Newest first; {@code q} searches as the console does. Customers only ever get their organisation's cases. */
    @GetMapping
    List<CaseView> list(
            @CurrentActor Actor actor,
            @RequestParam(required = false) CaseStatus status,
            @RequestParam(required = false) Priority priority,
            @RequestParam(required = false) Long organisation,
            @RequestParam(required = false) Long owner,
            @RequestParam(required = false) String kb,
            @RequestParam(required = false) String error,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return search.find(
                actor,
                new CaseFilter(status, priority, organisation, owner, kb, error, q, null),
                CaseSearch.Order.NEWEST,
                limit,
                offset);
    }

    @GetMapping("/{number}")
    ResponseEntity<CaseView> get(@CurrentActor Actor actor, @PathVariable String number) {
        CaseView view = views.of(require(actor, number, CaseAction.VIEW));
        return ResponseEntity.ok().eTag(IfMatch.etag(view.version())).body(view);
    }

    /** Needs {@code If-Match} with the ETag last read: 428 without it, 412 when someone changed the case since. */
    @PatchMapping("/{number}")
    ResponseEntity<CaseView> update(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody CaseChanges changes) {
        CaseRef ref = require(actor, number, CaseAction.EDIT);
        CaseView view = desk.update(actor, ref, IfMatch.required(ifMatch), changes);
        return ResponseEntity.ok().eTag(IfMatch.etag(view.version())).body(view);
    }

    /** 409 when the lifecycle does not allow the move; {@code If-Match} is checked when sent. */
    @PostMapping("/{number}/transitions")
    ResponseEntity<CaseView> transition(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody Transition transition) {
        CaseRef ref = require(actor, number, CaseAction.EDIT);
        CaseRef moved =
                lifecycle.transition(actor, ref, transition.status(), IfMatch.optional(ifMatch), transition.note());
        CaseView view = views.of(moved);
        return ResponseEntity.ok().eTag(IfMatch.etag(view.version())).body(view);
    }

    static final int ENTRIES_PAGE = 200;
    static final int ENTRIES_PAGE_MAX = 1000;

    /**
     * The timeline, oldest first, {@code limit} entries (default 200) after the entry {@code after}. When more
     * follow, a {@code Link: <...>; rel="next"} header gives the next page.
     */
    @GetMapping("/{number}/entries")
    ResponseEntity<List<CaseEntry>> entries(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "" + ENTRIES_PAGE) int limit) {
        if (limit < 1 || limit > ENTRIES_PAGE_MAX) {
            throw new InvalidInputException("limit", "must be between 1 and " + ENTRIES_PAGE_MAX);
        }
        CaseRef ref = require(actor, number, CaseAction.VIEW);
        CaseTimeline.Page page;
        try {
            page = timeline.page(ref, actor, after, limit);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("after", e.getMessage());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (page.more()) {
            long last = page.entries().get(page.entries().size() - 1).id();
            response.header(
                    HttpHeaders.LINK,
                    "</api/cases/" + ref.number().value() + "/entries?after=" + last + "&limit=" + limit
                            + ">; rel=\"next\"");
        }
        return response.body(page.entries());
    }

    /** Staff write notes (internal or visible); customers write visible comments. */
    @PostMapping("/{number}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Long> note(@CurrentActor Actor actor, @PathVariable String number, @Valid @RequestBody NewNote note) {
        CaseRef ref = require(actor, number, CaseAction.COMMENT);
        boolean internal = actor.isStaff() && note.isInternal();
        long entryId = timeline.append(ref, EntryKind.NOTE, actor, note.summary(), note.body(), null, null, internal);
        activity.answeredBy(actor, ref, "The customer added a note.");
        return Map.of("entryId", entryId);
    }

    @PostMapping("/{number}/calls")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Long> call(@CurrentActor Actor actor, @PathVariable String number, @Valid @RequestBody NewCall call) {
        CaseRef ref = require(actor, number, CaseAction.LOG_CALL);
        return Map.of("entryId", lifecycle.logCall(actor, ref, call));
    }

    /** The customer confirms the resolution in the portal; this is the consent closing needs. */
    @PostMapping("/{number}/consent")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Long> consent(@CurrentActor Actor actor, @PathVariable String number) {
        CaseRef ref = require(actor, number, CaseAction.CONFIRM_RESOLUTION);
        return Map.of(
                "entryId",
                lifecycle.recordConsent(actor, ref, "portal", "Resolution confirmed by " + actor.displayName(), null));
    }

    @GetMapping("/{number}/contacts")
    List<CaseContact> contacts(@CurrentActor Actor actor, @PathVariable String number) {
        return desk.contacts(require(actor, number, CaseAction.VIEW));
    }

    @PostMapping("/{number}/contacts")
    @ResponseStatus(HttpStatus.CREATED)
    List<CaseContact> addContact(
            @CurrentActor Actor actor, @PathVariable String number, @Valid @RequestBody NewContact contact) {
        CaseRef ref = require(actor, number, CaseAction.EDIT);
        return desk.addContact(actor, ref, contact);
    }

    /** Who changed what on the case, old → new. Staff only. */
    @GetMapping("/{number}/audit")
    List<AuditRecord> audit(@CurrentActor Actor actor, @PathVariable String number) {
        return audit.forCase(require(actor, number, CaseAction.VIEW_INTERNAL).id());
    }

    /** Renders a template with this case's data, in {@code locale} or the case's language. */
    @PostMapping("/{number}/render/{template}")
    RenderedText render(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @PathVariable TemplateName template,
            @RequestParam(required = false) String locale) {
        CaseRef ref = require(actor, number, CaseAction.SEND_MAIL);
        return templates.render(ref, template, locale, actor);
    }

    private CaseRef require(Actor actor, String number, CaseAction action) {
        return access.require(
                actor, CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)), action);
    }
}
