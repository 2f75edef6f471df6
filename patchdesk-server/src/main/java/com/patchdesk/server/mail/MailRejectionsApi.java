package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/mail/rejections}: received mail that could not be taken into a case, newest first, so staff
 * know to look into the IMAP error folder. Staff only: rejected mail belongs to no organisation yet.
 */
@RestController
class MailRejectionsApi {

    private final MailRejections rejections;

    MailRejectionsApi(MailRejections rejections) {
        this.rejections = rejections;
    }

    @GetMapping("/api/mail/rejections")
    List<MailRejections.Rejection> latest(@CurrentActor Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("only staff see rejected mail");
        }
        return rejections.latest(200);
    }
}
