package com.patchdesk.server.fleet;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.files.CaseFiles;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The fleet pages of the console: {@code /cases/{n}/fleet} (groups, chart, filters, group actions) and
 * {@code /organisations/{id}/fleet} (every case of a customer). Staff only; errors are pages.
 */
@Controller
class FleetPages {

    private final CaseAccess access;
    private final Organisations organisations;
    private final Fleet fleet;
    private final GroupActions actions;
    private final CaseFiles files;
    private final MessageSource messages;
    private final PublicUrls urls;
    private final Clock clock;

    FleetPages(
            CaseAccess access,
            Organisations organisations,
            Fleet fleet,
            GroupActions actions,
            CaseFiles files,
            MessageSource messages,
            PublicUrls urls,
            Clock clock) {
        this.access = access;
        this.organisations = organisations;
        this.fleet = fleet;
        this.actions = actions;
        this.files = files;
        this.messages = messages;
        this.urls = urls;
        this.clock = clock;
    }

    @GetMapping("/cases/{number}/fleet")
    String caseFleet(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(required = false) String build,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String status,
            Locale locale,
            Model model) {
        CaseRef ref = require(actor, number, CaseAction.VIEW_INTERNAL);
        model.addAttribute("caseNumber", ref.number().value());
        model.addAttribute("organisationId", ref.organisationId());
        model.addAttribute("base", "/cases/" + ref.number().value() + "/fleet");
        model.addAttribute("caseFiles", files.list(ref));
        return page(Fleet.Scope.ofCase(ref.id()), FleetApi.filter(build, signature, status), locale, model);
    }

    @GetMapping("/organisations/{id}/fleet")
    String customerFleet(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @RequestParam(required = false) String build,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String status,
            Locale locale,
            Model model) {
        Organisation organisation = staffOrganisation(actor, id);
        model.addAttribute("organisationName", organisation.name());
        model.addAttribute("organisationId", id);
        model.addAttribute("base", "/organisations/" + id + "/fleet");
        String page = page(Fleet.Scope.ofOrganisation(id), FleetApi.filter(build, signature, status), locale, model);
        FleetView view = (FleetView) model.getAttribute("view");
        // A group's fix may be any stored file of the customer's cases that the shown machines belong to.
        model.addAttribute(
                "caseFiles",
                view.machineList().stream()
                        .map(FleetView.Machine::caseNumber)
                        .distinct()
                        .flatMap(n -> access.resolve(CaseNumber.parse(n)).stream())
                        .flatMap(ref -> files.list(ref).stream()
                                .map(f -> new FileChoice(f.id(), ref.number().value() + " · " + f.name(), f.stored())))
                        .toList());
        return page;
    }

    /** A file offered for a customer-wide publication, named with its case. */
    record FileChoice(long id, String name, boolean stored) {}

    @GetMapping("/cases/{number}/fleet/machines.{format}")
    ResponseEntity<byte[]> caseExport(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @PathVariable String format,
            @RequestParam(required = false) String build,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String status,
            Locale locale) {
        CaseRef ref = require(actor, number, CaseAction.VIEW_INTERNAL);
        return FleetExport.download(
                format,
                fleet.view(Fleet.Scope.ofCase(ref.id()), FleetApi.filter(build, signature, status)),
                locale,
                fleet.zone(),
                ref.number().value());
    }

    @GetMapping("/organisations/{id}/fleet/machines.{format}")
    ResponseEntity<byte[]> customerExport(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @PathVariable String format,
            @RequestParam(required = false) String build,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String status,
            Locale locale) {
        staffOrganisation(actor, id);
        return FleetExport.download(
                format,
                fleet.view(Fleet.Scope.ofOrganisation(id), FleetApi.filter(build, signature, status)),
                locale,
                fleet.zone(),
                "organisation-" + id);
    }

    @GetMapping("/organisations/{id}/fleet/draft")
    String customerDraft(
            @CurrentActor Actor actor, @PathVariable long id, @RequestParam String signature, Model model) {
        Organisation organisation = staffOrganisation(actor, id);
        model.addAttribute("where", organisation.name());
        model.addAttribute("back", "/organisations/" + id + "/fleet");
        model.addAttribute("draft", actions.draftForCustomer(id, signature));
        model.addAttribute("signature", signature);
        return "fleet/draft";
    }

    @PostMapping("/organisations/{id}/fleet/publish")
    String customerPublish(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @RequestParam String signature,
            @RequestParam long fileId,
            @RequestParam(defaultValue = "7") int validDays,
            @RequestParam(required = false) Integer maxDownloads,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        staffOrganisation(actor, id);
        if (validDays < 1 || validDays > 90) {
            throw new InvalidInputException("validDays", "between 1 and 90");
        }
        GroupActions.CustomerPublication published = actions.publishForCustomer(
                id,
                actor,
                signature,
                fileId,
                clock.instant().plus(Duration.ofDays(validDays)),
                maxDownloads,
                path -> urls.absolute(path, request));
        redirect.addFlashAttribute("notice", "fleet.published");
        redirect.addFlashAttribute("publishedLink", published.url());
        redirect.addFlashAttribute("publishedFor", published.machines().size());
        return "redirect:"
                + UriComponentsBuilder.fromPath("/organisations/{id}/fleet")
                        .queryParam("signature", signature)
                        .encode()
                        .buildAndExpand(id)
                        .toUriString();
    }

    @GetMapping("/cases/{number}/fleet/draft")
    String draft(@CurrentActor Actor actor, @PathVariable String number, @RequestParam String signature, Model model) {
        CaseRef ref = require(actor, number, CaseAction.SEND_MAIL);
        model.addAttribute("where", ref.number().value());
        model.addAttribute("back", "/cases/" + ref.number().value() + "/fleet");
        model.addAttribute("draft", actions.draft(ref, signature));
        model.addAttribute("signature", signature);
        return "fleet/draft";
    }

    @PostMapping("/cases/{number}/fleet/publish")
    String publish(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam String signature,
            @RequestParam long fileId,
            @RequestParam(defaultValue = "7") int validDays,
            @RequestParam(required = false) Integer maxDownloads,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        CaseRef ref = require(actor, number, CaseAction.PUBLISH_FILE);
        if (validDays < 1 || validDays > 90) {
            throw new InvalidInputException("validDays", "between 1 and 90");
        }
        GroupActions.GroupPublication published = actions.publish(
                ref,
                actor,
                signature,
                fileId,
                clock.instant().plus(Duration.ofDays(validDays)),
                maxDownloads,
                path -> urls.absolute(path, request));
        redirect.addFlashAttribute("notice", "fleet.published");
        redirect.addFlashAttribute("publishedLink", published.url());
        redirect.addFlashAttribute("publishedFor", published.machines().size());
        return "redirect:"
                + UriComponentsBuilder.fromPath("/cases/{n}/fleet")
                        .queryParam("signature", signature)
                        .encode()
                        .buildAndExpand(ref.number().value())
                        .toUriString();
    }

    private String page(Fleet.Scope scope, FleetView.Filter filter, Locale locale, Model model) {
        FleetView all = fleet.view(scope, new FleetView.Filter(null, null, null));
        FleetView view = filter.equals(all.filter()) ? all : fleet.view(scope, filter);
        model.addAttribute("view", view);
        model.addAttribute("allGroups", all.groups());
        model.addAttribute("allBuilds", all.builds().keySet());
        model.addAttribute(
                "statuses",
                Arrays.stream(FleetStatus.values()).map(FleetStatus::key).toList());
        model.addAttribute("chinese", "zh".equals(locale.getLanguage()));
        model.addAttribute(
                "trendSvg",
                TrendChart.render(
                        view.trend(),
                        new TrendChart.Labels(
                                text("fleet.trend.title", locale),
                                text("fleet.trend.failing", locale),
                                text("fleet.trend.passing", locale))));
        return "fleet/fleet";
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }

    private Organisation staffOrganisation(Actor actor, long id) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("the fleet view is for engineers");
        }
        return organisations.require(id);
    }

    private CaseRef require(Actor actor, String number, CaseAction action) {
        return access.require(
                actor, CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)), action);
    }

    // Errors are pages, as on the other console pages (web.PageErrorAdvice covers only its own package).
    @ExceptionHandler(ResourceNotFoundException.class)
    ModelAndView notFound() {
        return error(HttpStatus.NOT_FOUND);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView forbidden() {
        return error(HttpStatus.FORBIDDEN);
    }

    @ExceptionHandler({
        InvalidInputException.class,
        MissingServletRequestParameterException.class,
        MethodArgumentTypeMismatchException.class
    })
    ModelAndView badRequest() {
        return error(HttpStatus.BAD_REQUEST);
    }

    private static ModelAndView error(HttpStatus status) {
        ModelAndView page = new ModelAndView("error/4xx");
        page.setStatus(status);
        page.addObject("status", status.value());
        return page;
    }
}
