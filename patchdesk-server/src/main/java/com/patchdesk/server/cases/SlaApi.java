package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.problems.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SlaApi {

    private final SlaTracking sla;
    private final CaseViews views;
    private final Clock clock;

    SlaApi(SlaTracking sla, CaseViews views, Clock clock) {
        this.sla = sla;
        this.views = views;
        this.clock = clock;
    }

    /** Open cases whose next SLA target falls within {@code within} (ISO-8601, e.g. PT2H), breached ones first. */
    @GetMapping("/api/sla/alerts")
    List<CaseView> alerts(@CurrentActor Actor actor, @RequestParam(defaultValue = "PT2H") String within) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("SLA alerts are for staff");
        }
        Duration window;
        try {
            window = Duration.parse(within);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("within", "within must be an ISO-8601 duration such as PT2H");
        }
        if (window.isNegative()) {
            throw new InvalidInputException("within", "within must not be negative");
        }
        Instant now = clock.instant();
        return views.ofIds(sla.dueWithin(window, now)).stream()
                .sorted(Comparator.comparing(
                        (CaseView view) -> view.sla().nextDueAt(), Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }
}
