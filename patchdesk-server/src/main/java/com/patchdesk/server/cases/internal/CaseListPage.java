package com.patchdesk.server.cases.internal;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.accounts.UserAccount;
import com.patchdesk.server.accounts.UserAccounts;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.cases.SlaState;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.web.ConsoleSettings;
import com.patchdesk.server.web.CurrentUrl;
import com.patchdesk.server.web.PageTime;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The engineers' case list with filters and search, and the queue of cases close to their SLA target. */
@Controller
@ConsolePage
class CaseListPage {

    private final CaseListing listing;
    private final Organisations organisations;
    private final UserAccounts accounts;
    private final PageTime time;
    private final Duration queueHorizon;

    CaseListPage(
            CaseListing listing,
            Organisations organisations,
            UserAccounts accounts,
            PageTime time,
            ConsoleSettings settings) {
        this.listing = listing;
        this.organisations = organisations;
        this.accounts = accounts;
        this.time = time;
        this.queueHorizon = settings.slaQueueHorizon();
    }

    @GetMapping("/cases")
    String list(
            @CurrentActor Actor actor,
            @ModelAttribute("filter") CaseListQuery filter,
            Model model,
            HttpServletRequest request) {
        requireStaff(actor);
        CaseListing.Page page = listing.find(actor, filter);
        model.addAttribute("page", page);
        if (page.index() > 0) {
            model.addAttribute("previousPage", CurrentUrl.with(request, "page", page.index() - 1));
        }
        if (page.hasNext()) {
            model.addAttribute("nextPage", CurrentUrl.with(request, "page", page.index() + 1));
        }
        model.addAttribute("organisations", organisations.visibleTo(actor));
        model.addAttribute("owners", staff());
        model.addAttribute("statuses", CaseStatus.values());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("slaStates", SlaState.values());
        return "cases/list";
    }

    @GetMapping("/cases/queue")
    String queue(@CurrentActor Actor actor, Model model) {
        requireStaff(actor);
        model.addAttribute("rows", listing.queue(queueHorizon));
        model.addAttribute("horizon", time.span(queueHorizon, LocaleContextHolder.getLocale()));
        return "cases/queue";
    }

    private List<UserAccount> staff() {
        return accounts.list().stream()
                .filter(user -> user.role().isStaff() && user.enabled())
                .toList();
    }

    static void requireStaff(Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("staff only");
        }
    }
}
