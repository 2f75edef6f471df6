package com.patchdesk.server.accounts;

import static com.patchdesk.server.accounts.AdminArea.requireAdmin;

import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.FormChecks;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.Reason;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Organisations and users, as the admin API offers them: create organisations and change their mail domain, time
 * zone and sender check; create users, disable or enable them, set a new password for someone who lost theirs.
 * A refusal keeps the typed values in the form (never the password) and says why.
 */
@Controller
@ConsolePage
class AdminAccountPages {

    private final Organisations organisations;
    private final UserAccounts accounts;
    private final FormChecks checks;
    private final ProblemTexts texts;

    AdminAccountPages(Organisations organisations, UserAccounts accounts, FormChecks checks, ProblemTexts texts) {
        this.texts = texts;
        this.organisations = organisations;
        this.accounts = accounts;
        this.checks = checks;
    }

    @GetMapping("/admin/organisations")
    String organisations(@CurrentActor Actor actor, Model model) {
        requireAdmin(actor);
        model.addAttribute("organisations", organisations.visibleTo(actor));
        return "admin/organisations";
    }

    @PostMapping("/admin/organisations")
    String createOrganisation(
            @CurrentActor Actor actor,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String emailDomain,
            @RequestParam(defaultValue = "") String timeZone,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        NewOrganisation request = new NewOrganisation(name.strip(), blankToNull(emailDomain), blankToNull(timeZone));
        return attempt(
                redirect,
                "/admin/organisations",
                "admin.org.created",
                Map.of("orgName", name, "orgDomain", emailDomain, "orgZone", timeZone),
                () -> {
                    checks.require(request);
                    organisations.create(actor, request.name(), request.emailDomain(), request.timeZone());
                    return null;
                });
    }

    @PostMapping("/admin/organisations/{id}")
    String updateOrganisation(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @RequestParam(defaultValue = "") String emailDomain,
            @RequestParam(defaultValue = "") String timeZone,
            @RequestParam(defaultValue = "false") boolean checkMailAuthentication,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        return attempt(redirect, "/admin/organisations", "admin.org.updated", Map.of(), () -> {
            var before = organisations.require(id);
            if (!java.util.Objects.equals(before.emailDomain(), blankToNull(emailDomain))) {
                organisations.setEmailDomain(actor, id, emailDomain);
            }
            if (!timeZone.isBlank() && !timeZone.strip().equals(before.timeZone())) {
                organisations.setTimeZone(actor, id, timeZone);
            }
            if (before.checkMailAuthentication() != checkMailAuthentication) {
                organisations.setMailAuthenticationCheck(actor, id, checkMailAuthentication);
            }
            return null;
        });
    }

    @GetMapping("/admin/users")
    String users(@CurrentActor Actor actor, Model model) {
        requireAdmin(actor);
        model.addAttribute("users", accounts.list());
        model.addAttribute("organisations", organisations.visibleTo(actor));
        model.addAttribute("roles", Role.values());
        model.addAttribute(
                "languages", DeskLocale.SUPPORTED.stream().map(DeskLocale::tag).toList());
        return "admin/users";
    }

    @PostMapping("/admin/users")
    String createUser(
            @CurrentActor Actor actor,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String password,
            @RequestParam Role role,
            @RequestParam(required = false) Long organisationId,
            @RequestParam(defaultValue = "zh-CN") String locale,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        NewUser user = new NewUser(
                email.strip(),
                displayName.strip(),
                password,
                role,
                role == Role.CUSTOMER ? organisationId : null,
                locale);
        return attempt(
                redirect,
                "/admin/users",
                "admin.user.created",
                Map.of("userEmail", email, "userName", displayName),
                () -> {
                    checks.require(user);
                    accounts.create(actor, user);
                    return null;
                });
    }

    @PostMapping("/admin/users/{id}/enabled")
    String setEnabled(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @RequestParam boolean enabled,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        return attempt(
                redirect,
                "/admin/users",
                enabled ? "admin.user.enabled" : "admin.user.disabled",
                Map.of(),
                () -> accounts.setEnabled(actor, id, enabled));
    }

    @PostMapping("/admin/users/{id}/password")
    String resetPassword(
            @CurrentActor Actor actor,
            @PathVariable long id,
            @RequestParam(defaultValue = "") String newPassword,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        return attempt(redirect, "/admin/users", "admin.user.passwordSet", Map.of(), () -> {
            if (newPassword.length() < 12 || newPassword.length() > 200) {
                throw new InvalidInputException("newPassword", Reason.of("problem.password.length"));
            }
            accounts.resetPassword(actor, id, newPassword);
            return null;
        });
    }

    /** Runs an admin change; on bad input the page shows why and keeps {@code drafts} in the form. */
    private String attempt(
            RedirectAttributes redirect, String page, String done, Map<String, String> drafts, Supplier<?> change) {
        try {
            change.get();
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "admin.refused");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
            drafts.forEach(redirect::addFlashAttribute);
            return "redirect:" + page;
        }
        redirect.addFlashAttribute("notice", done);
        return "redirect:" + page;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
