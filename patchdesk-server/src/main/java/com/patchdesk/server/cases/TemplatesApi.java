package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Templates: staff read them, admins edit them. */
@RestController
@RequestMapping("/api/templates")
class TemplatesApi {

    private final CaseTemplates templates;

    TemplatesApi(CaseTemplates templates) {
        this.templates = templates;
    }

    @GetMapping
    List<CaseTemplate> list(@CurrentActor Actor actor) {
        requireStaff(actor);
        return templates.list();
    }

    @GetMapping("/{name}/{locale}")
    ResponseEntity<CaseTemplate> get(
            @CurrentActor Actor actor, @PathVariable TemplateName name, @PathVariable String locale) {
        requireStaff(actor);
        CaseTemplate template = templates.get(name, locale);
        return ResponseEntity.ok().eTag(IfMatch.etag(template.version())).body(template);
    }

    @PutMapping("/{name}/{locale}")
    ResponseEntity<CaseTemplate> update(
            @CurrentActor Actor actor,
            @PathVariable TemplateName name,
            @PathVariable String locale,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody TemplateText text) {
        CaseTemplate template = templates.update(actor, name, locale, text, IfMatch.optional(ifMatch));
        return ResponseEntity.ok().eTag(IfMatch.etag(template.version())).body(template);
    }

    private static void requireStaff(Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("templates are for staff");
        }
    }
}
