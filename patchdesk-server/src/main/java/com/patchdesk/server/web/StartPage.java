package com.patchdesk.server.web;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.problems.ConsolePage;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /} sends staff to the case list and customers to their portal. */
@Controller
@ConsolePage
class StartPage {

    @GetMapping("/")
    String start(@CurrentActor Actor actor) {
        return actor.isStaff() ? "redirect:/cases" : "redirect:/portal";
    }
}
