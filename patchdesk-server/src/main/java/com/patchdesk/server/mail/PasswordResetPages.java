package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.PasswordResets;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Forgotten passwords, for people who are not signed in. Asking gives the same answer (and takes as long) whether
 * the address has an account or not, so the page cannot be used to find out who has one; the link arrives by mail
 * in the account's language and works once, for an hour.
 */
@Controller
@ConsolePage
class PasswordResetPages {

    private final PasswordResets resets;
    private final AccountMail mail;
    private final PublicUrls urls;

    PasswordResetPages(PasswordResets resets, AccountMail mail, PublicUrls urls) {
        this.resets = resets;
        this.mail = mail;
        this.urls = urls;
    }

    @GetMapping("/password/forgot")
    String forgotForm() {
        return "account/forgot";
    }

    @PostMapping("/password/forgot")
    String forgot(
            @RequestParam(defaultValue = "") String email, HttpServletRequest request, RedirectAttributes redirect) {
        if (!email.isBlank() && email.length() <= 320) {
            resets.issue(email.strip())
                    .ifPresent(issued -> mail.sendPasswordReset(
                            issued.email(),
                            issued.displayName(),
                            issued.locale(),
                            urls.absoluteForStrangersMail(
                                    UriComponentsBuilder.fromPath("/password/reset")
                                            .queryParam("token", issued.token())
                                            .build()
                                            .toUriString(),
                                    request),
                            PasswordResets.VALID_FOR));
        }
        redirect.addFlashAttribute("notice", "password.forgot.sent");
        return "redirect:/password/forgot";
    }

    @GetMapping("/password/reset")
    String resetForm(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("usable", resets.usable(token));
        return "account/reset";
    }

    @PostMapping("/password/reset")
    String reset(
            @RequestParam(defaultValue = "") String token,
            @RequestParam(defaultValue = "") String newPassword,
            @RequestParam(defaultValue = "") String repeated,
            Model model,
            RedirectAttributes redirect) {
        model.addAttribute("token", token);
        model.addAttribute("usable", true);
        if (!newPassword.equals(repeated)) {
            model.addAttribute("problem", "password.reset.mismatch");
            return "account/reset";
        }
        try {
            if (!resets.reset(token, newPassword)) {
                model.addAttribute("usable", false);
                return "account/reset";
            }
        } catch (InvalidInputException e) {
            model.addAttribute("problem", "password.reset.invalid");
            return "account/reset";
        }
        return "redirect:/login?reset";
    }
}
