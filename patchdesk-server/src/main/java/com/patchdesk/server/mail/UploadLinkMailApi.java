package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/cases/{number}/upload-links/mail {"url": "https://…/u/7/TOKEN", "template": "UPLOAD_LINK"}}: mails
 * an upload link just made (the {@code url} its creation answered) to the case's customer; 202 with the mail's id.
 */
@RestController
class UploadLinkMailApi {

    private final CaseAccess access;
    private final UploadLinkMail mail;
    private final PublicUrls urls;

    UploadLinkMailApi(CaseAccess access, UploadLinkMail mail, PublicUrls urls) {
        this.access = access;
        this.mail = mail;
        this.urls = urls;
    }

    @PostMapping("/api/cases/{number}/upload-links/mail")
    ResponseEntity<Map<String, Long>> sendFromApi(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestBody MailRequest body,
            HttpServletRequest request) {
        CaseRef ref = access.require(
                actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)),
                CaseAction.SEND_MAIL);
        long id = mail.send(actor, ref, UploadLinkMailPages.publicUrl(urls, body.url(), request), body.template());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/cases/" + ref.number().value() + "/mails/" + id))
                .body(Map.of("mailId", id));
    }

    record MailRequest(String url, TemplateName template) {}
}
