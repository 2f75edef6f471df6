package com.patchdesk.server.accounts;

import com.patchdesk.server.problems.ResourceNotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Staff see all organisations, customers only their own; admins create them. */
@RestController
@RequestMapping("/api/organisations")
class OrganisationsApi {

    private final Organisations organisations;

    OrganisationsApi(Organisations organisations) {
        this.organisations = organisations;
    }

    @GetMapping
    List<Organisation> list(@CurrentActor Actor actor) {
        return organisations.visibleTo(actor);
    }

    @GetMapping("/{id}")
    Organisation get(@CurrentActor Actor actor, @PathVariable long id) {
        if (!actor.isStaff() && !Objects.equals(actor.organisationId(), id)) {
            throw new ResourceNotFoundException("no organisation " + id);
        }
        return organisations.require(id);
    }

    @PostMapping
    ResponseEntity<Organisation> create(@CurrentActor Actor actor, @Valid @RequestBody NewOrganisation request) {
        Organisation created = organisations.create(actor, request.name(), request.emailDomain(),
                request.timeZone());
        return ResponseEntity.created(URI.create("/api/organisations/" + created.id())).body(created);
    }

    record Relocation(@NotBlank @Size(max = 64) String timeZone) {
    }

    /** Admins change where mail to the organisation states times. */
    @PatchMapping("/{id}")
    Organisation relocate(@CurrentActor Actor actor, @PathVariable long id, @Valid @RequestBody Relocation request) {
        return organisations.setTimeZone(actor, id, request.timeZone());
    }
}
