package com.patchdesk.server.attention;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.problems.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's "my attention" page and the engineer's notification settings. */
@Controller
class AttentionPages {

    private final AttentionList attention;
    private final Notifications notifications;
    private final NotificationSettings settings;
    private final CaseAccess access;

    AttentionPages(
            AttentionList attention, Notifications notifications, NotificationSettings settings, CaseAccess access) {
        this.attention = attention;
        this.notifications = notifications;
        this.settings = settings;
        this.access = access;
    }

    @GetMapping("/attention")
    String list(@CurrentActor Actor actor, Model model) {
        AttentionApi.requireStaff(actor);
        model.addAttribute("items", attention.of(actor));
        model.addAttribute("preferences", settings.of(actor.userId()));
        return "attention/list";
    }

    @PostMapping("/attention/{number}/read")
    String read(@CurrentActor Actor actor, @PathVariable String number, RedirectAttributes redirect) {
        AttentionApi.requireStaff(actor);
        notifications.markRead(
                actor.userId(), AttentionApi.caseOf(access, actor, number).id());
        redirect.addFlashAttribute("notice", "attention.read.done");
        return "redirect:/attention";
    }

    @PostMapping("/attention/settings")
    String save(
            @CurrentActor Actor actor,
            @RequestParam(defaultValue = "false") boolean mailEnabled,
            @RequestParam(defaultValue = "4") String slaHorizonHours,
            RedirectAttributes redirect) {
        AttentionApi.requireStaff(actor);
        try {
            settings.save(actor, new NotificationSettings.Preferences(mailEnabled, Integer.parseInt(slaHorizonHours)));
            redirect.addFlashAttribute("notice", "attention.settings.saved");
        } catch (NumberFormatException | InvalidInputException e) {
            redirect.addFlashAttribute("problem", "attention.settings.invalid");
        }
        return "redirect:/attention";
    }
}
