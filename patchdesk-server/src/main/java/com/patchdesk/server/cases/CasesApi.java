package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/cases")
class CasesApi {

    private final CaseDesk desk;
    private final CaseAccess access;
    private final CaseViews views;
    private final CaseTimeline timeline;

    CasesApi(CaseDesk desk, CaseAccess access, CaseViews views, CaseTimeline timeline) {
        this.desk = desk;
        this.access = access;
        this.views = views;
        this.timeline = timeline;
    }

    @PostMapping
    ResponseEntity<CaseView> open(@CurrentActor Actor actor, @Valid @RequestBody NewCase request) {
        CaseView created = views.of(desk.open(actor, request));
        return ResponseEntity.created(URI.create("/api/cases/" + created.number()))
                .eTag(etag(created)).body(created);
    }

    @GetMapping("/{number}")
    ResponseEntity<CaseView> get(@CurrentActor Actor actor, @PathVariable String number) {
        CaseView view = views.of(require(actor, number, CaseAction.VIEW));
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @GetMapping("/{number}/entries")
    List<TimelineEntry> entries(@CurrentActor Actor actor, @PathVariable String number) {
        return timeline.entries(require(actor, number, CaseAction.VIEW), actor);
    }

    private CaseRef require(Actor actor, String number, CaseAction action) {
        return access.require(actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)), action);
    }

    static String etag(CaseView view) {
        return "\"" + view.version() + "\"";
    }
}
