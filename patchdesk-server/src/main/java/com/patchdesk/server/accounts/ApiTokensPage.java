package com.patchdesk.server.accounts;

import com.patchdesk.server.problems.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console page where everyone makes and revokes their own API tokens; a new token is shown once. */
@Controller
class ApiTokensPage {

    private final ApiTokens tokens;
    private final Clock clock;

    ApiTokensPage(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @GetMapping("/account/tokens")
    String page(@CurrentActor Actor actor, Model model) {
        model.addAttribute("tokens", tokens.list(actor));
        model.addAttribute("now", clock.instant());
        return "account/tokens";
    }

    @PostMapping("/account/tokens")
    String create(
            @CurrentActor Actor actor,
            @RequestParam String name,
            @RequestParam ApiTokens.Scope scope,
            @RequestParam(defaultValue = "90") int validDays,
            Model model) {
        // Rendered, not redirected: the secret exists only in this response.
        try {
            model.addAttribute("created", tokens.create(actor, name, scope, Duration.ofDays(validDays)));
        } catch (InvalidInputException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(actor, model);
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revoke(@CurrentActor Actor actor, @PathVariable long id) {
        tokens.revoke(actor, id);
        return "redirect:/account/tokens";
    }
}
