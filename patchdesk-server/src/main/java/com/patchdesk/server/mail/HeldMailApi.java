package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/mail/held}: mail from a customer's address that failed the sender check, with the reason; staff
 * accept it (taken in as received mail) or reject it. Customers get 403: held mail is not theirs to see.
 */
@RestController
@RequestMapping("/api/mail/held")
class HeldMailApi {

    private final HeldMailReview review;

    HeldMailApi(HeldMailReview review) {
        this.review = review;
    }

    /** Why staff decided as they did (optional). */
    record Decision(@Size(max = 2000) String note) {}

    @GetMapping
    List<HeldMail.Held> list(@CurrentActor Actor actor) {
        return review.list(actor);
    }

    @PostMapping("/{id}/accept")
    HeldMail.Held accept(
            @CurrentActor Actor actor, @PathVariable long id, @Valid @RequestBody(required = false) Decision decision) {
        return review.accept(actor, id, decision == null ? null : decision.note());
    }

    @PostMapping("/{id}/reject")
    HeldMail.Held reject(
            @CurrentActor Actor actor, @PathVariable long id, @Valid @RequestBody(required = false) Decision decision) {
        return review.reject(actor, id, decision == null ? null : decision.note());
    }
}
