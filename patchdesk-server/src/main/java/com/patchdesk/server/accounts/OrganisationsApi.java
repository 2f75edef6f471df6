package com.patchdesk.server.accounts;

import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import jakarta.validation.Valid;
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
        Organisation created = organisations.create(actor, request.name(), request.emailDomain(), request.timeZone());
        return ResponseEntity.created(URI.create("/api/organisations/" + created.id()))
                .body(created);
    }

    /** The changeable settings; each given one is changed, at least one is needed. */
    record OrganisationChanges(@Size(max = 64) String timeZone, Boolean checkMailAuthentication) {}

    /**
     * Admins change where mail to the organisation states times, and whether its inbound mail must pass the
     * sender check.
     */
    @PatchMapping("/{id}")
    Organisation update(
            @CurrentActor Actor actor, @PathVariable long id, @Valid @RequestBody OrganisationChanges request) {
        if (request.timeZone() == null && request.checkMailAuthentication() == null) {
            throw new InvalidInputException("timeZone", "give timeZone and/or checkMailAuthentication");
        }
        if (request.timeZone() != null && request.timeZone().isBlank()) {
            throw new InvalidInputException("timeZone", "give a region such as Asia/Shanghai");
        }
        Organisation updated = null;
        if (request.timeZone() != null) {
            updated = organisations.setTimeZone(actor, id, request.timeZone());
        }
        if (request.checkMailAuthentication() != null) {
            updated = organisations.setMailAuthenticationCheck(actor, id, request.checkMailAuthentication());
        }
        return updated;
    }
}
