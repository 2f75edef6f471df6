package com.patchdesk.server.fleet;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fleet API, for staff: machines grouped by failure signature per case ({@code /api/cases/{n}/fleet}) and per
 * customer ({@code /api/organisations/{id}/fleet}), a machine's history, CSV export, group actions, and similar
 * past cases. Customers get 403 on their own organisation's cases and 404 on others', as for any staff action.
 */
@RestController
class FleetApi {

    private final CaseAccess access;
    private final Organisations organisations;
    private final Fleet fleet;
    private final GroupActions actions;
    private final SimilarCases similar;
    private final PublicUrls urls;

    FleetApi(
            CaseAccess access,
            Organisations organisations,
            Fleet fleet,
            GroupActions actions,
            SimilarCases similar,
            PublicUrls urls) {
        this.access = access;
        this.organisations = organisations;
        this.fleet = fleet;
        this.actions = actions;
        this.similar = similar;
        this.urls = urls;
    }

    @GetMapping("/api/cases/{number}/fleet")
    FleetView caseFleet(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(required = false) String build,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String status) {
        return fleet.view(
                Fleet.Scope.ofCase(
                        require(actor, number, CaseAction.VIEW_INTERNAL).id()),
                filter(build, signature, status));
    }

    @GetMapping("/api/organisations/{id}/fleet")
    FleetView customerFleet(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @RequestParam(required = false) String build,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String status) {
        return fleet.view(organisationScope(actor, id), filter(build, signature, status));
    }

    @GetMapping("/api/cases/{number}/fleet/machines/{machineId}")
    List<Fleet.MachineBundle> machine(
            @CurrentActor Actor actor, @PathVariable String number, @PathVariable long machineId) {
        List<Fleet.MachineBundle> history = fleet.history(
                Fleet.Scope.ofCase(
                        require(actor, number, CaseAction.VIEW_INTERNAL).id()),
                machineId);
        if (history.isEmpty()) {
            throw new CaseNotFoundException(number + " machine " + machineId);
        }
        return history;
    }

    @GetMapping("/api/cases/{number}/fleet/machines.{format}")
    ResponseEntity<byte[]> caseExport(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @PathVariable String format,
            @RequestParam(required = false) String build,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String status) {
        CaseRef ref = require(actor, number, CaseAction.VIEW_INTERNAL);
        return FleetExport.download(
                format,
                fleet.view(Fleet.Scope.ofCase(ref.id()), filter(build, signature, status)),
                actor.locale(),
                fleet.zone(),
                ref.number().value());
    }

    @GetMapping("/api/organisations/{id}/fleet/machines.{format}")
    ResponseEntity<byte[]> customerExport(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @PathVariable String format,
            @RequestParam(required = false) String build,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String status) {
        return FleetExport.download(
                format,
                fleet.view(organisationScope(actor, id), filter(build, signature, status)),
                actor.locale(),
                fleet.zone(),
                "organisation-" + id);
    }

    /** One reply for a group's machines on every case of the customer. */
    @GetMapping("/api/organisations/{id}/fleet/groups/draft-reply")
    GroupActions.DraftReply customerDraft(
            @CurrentActor Actor actor, @PathVariable long id, @RequestParam(required = false) String signature) {
        organisationScope(actor, id);
        return actions.draftForCustomer(id, signature);
    }

    /** One link (a file of one of the customer's cases) for a group's machines on every case of the customer. */
    @PostMapping("/api/organisations/{id}/fleet/groups/publish")
    ResponseEntity<GroupActions.CustomerPublication> customerPublish(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @RequestBody PublishRequest request,
            HttpServletRequest http) {
        organisationScope(actor, id);
        if (request.fileId() == null) {
            throw new InvalidInputException("fileId", "name the case file to publish");
        }
        return ResponseEntity.status(201)
                .body(actions.publishForCustomer(
                        id,
                        actor,
                        request.signature(),
                        request.fileId(),
                        request.expiresAt(),
                        request.maxDownloads(),
                        path -> urls.absolute(path, http)));
    }

    @GetMapping("/api/cases/{number}/fleet/groups/draft-reply")
    GroupActions.DraftReply draft(
            @CurrentActor Actor actor, @PathVariable String number, @RequestParam String signature) {
        return actions.draft(require(actor, number, CaseAction.SEND_MAIL), signature);
    }

    record PublishRequest(String signature, Long fileId, Instant expiresAt, Integer maxDownloads) {}

    @PostMapping("/api/cases/{number}/fleet/groups/publish")
    ResponseEntity<GroupActions.GroupPublication> publish(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestBody PublishRequest request,
            HttpServletRequest http) {
        CaseRef ref = require(actor, number, CaseAction.PUBLISH_FILE);
        if (request.fileId() == null) {
            throw new InvalidInputException("fileId", "name the case file to publish");
        }
        return ResponseEntity.status(201)
                .body(actions.publish(
                        ref,
                        actor,
                        request.signature(),
                        request.fileId(),
                        request.expiresAt(),
                        request.maxDownloads(),
                        path -> urls.absolute(path, http)));
    }

    @GetMapping("/api/cases/{number}/similar-cases")
    List<SimilarCase> similarToCase(@CurrentActor Actor actor, @PathVariable String number) {
        return similar.forCase(
                require(actor, number, CaseAction.VIEW_INTERNAL).number().value());
    }

    @GetMapping("/api/cases/{number}/diagnoses/{id}/similar-cases")
    List<SimilarCase> similarToDiagnosis(
            @CurrentActor Actor actor, @PathVariable String number, @PathVariable long id) {
        return similar.forDiagnosis(
                require(actor, number, CaseAction.VIEW_INTERNAL).number().value(), id);
    }

    /** Search the closed cases by signature, or by any of rule, code, component and KB. */
    @GetMapping("/api/similar-cases")
    List<SimilarCase> search(
            @CurrentActor Actor actor,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String rule,
            @RequestParam(required = false) String code,
            @RequestParam(required = false) String component,
            @RequestParam(required = false) String kb) {
        staffOnly(actor);
        if (blank(signature) && blank(rule) && blank(code) && blank(component) && blank(kb)) {
            throw new InvalidInputException("signature", "give a signature, rule, code, component or kb");
        }
        return similar.search(trim(signature), trim(rule), trim(code), trim(component), trim(kb));
    }

    private Fleet.Scope organisationScope(Actor actor, long id) {
        staffOnly(actor);
        organisations.require(id);
        return Fleet.Scope.ofOrganisation(id);
    }

    private static void staffOnly(Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("the fleet view is for engineers");
        }
    }

    static FleetView.Filter filter(String build, String signature, String status) {
        String s = trim(status);
        if (s != null) {
            try {
                FleetStatus.parse(s);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", e.getMessage());
            }
        }
        return new FleetView.Filter(trim(build), trim(signature), s);
    }

    private CaseRef require(Actor actor, String number, CaseAction action) {
        return access.require(
                actor, CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)), action);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return blank(s) ? null : s.strip();
    }
}
