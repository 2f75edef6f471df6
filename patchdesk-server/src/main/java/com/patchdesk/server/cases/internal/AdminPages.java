package com.patchdesk.server.cases.internal;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.AdminArea;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.accounts.DeskLocale;
import com.patchdesk.server.cases.SlaSettings;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.problems.ConsolePage;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The admin area's start page and its read-only SLA settings. Every admin page checks the role itself as well
 * (WebSecurity already limits {@code /admin/**} to admins): a page that is reachable by mistake still refuses.
 */
@Controller
@ConsolePage
class AdminPages {

    private final SlaSettings sla;

    AdminPages(SlaSettings sla) {
        this.sla = sla;
    }

    @GetMapping("/admin")
    String home(@CurrentActor Actor actor, Model model) {
        requireAdmin(actor);
        model.addAttribute("templateNames", TemplateName.values());
        model.addAttribute("languages", languages());
        return "admin/home";
    }

    @GetMapping("/admin/sla")
    String sla(@CurrentActor Actor actor, Model model) {
        requireAdmin(actor);
        model.addAttribute("targets", sla.sla());
        return "admin/sla";
    }

    static List<String> languages() {
        return DeskLocale.SUPPORTED.stream().map(DeskLocale::tag).toList();
    }

    static void requireAdmin(Actor actor) {
        AdminArea.requireAdmin(actor);
    }
}
