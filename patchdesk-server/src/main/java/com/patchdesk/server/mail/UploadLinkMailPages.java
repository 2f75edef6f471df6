package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.files.CollectorScript;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.StateConflictException;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Send to customer" for an upload link just made, the case page's button: the link comes back from the engineer's
 * own page, where it was shown once. The API's way is {@link UploadLinkMailApi}.
 */
@Controller
@ConsolePage
class UploadLinkMailPages {

    private final CaseAccess access;
    private final UploadLinkMail mail;
    private final PublicUrls urls;
    private final ProblemTexts texts;

    UploadLinkMailPages(CaseAccess access, UploadLinkMail mail, PublicUrls urls, ProblemTexts texts) {
        this.texts = texts;
        this.access = access;
        this.mail = mail;
        this.urls = urls;
    }

    @PostMapping("/cases/{number}/upload-links/mail")
    String send(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam String url,
            @RequestParam(required = false) TemplateName template,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.SEND_MAIL);
        try {
            mail.send(actor, ref, publicUrl(urls, url, request), template);
        } catch (InvalidInputException | StateConflictException e) {
            // Not sent: the link is shown again so that the engineer can still pass it on by hand.
            redirect.addFlashAttribute("problem", "uploadLinks.mailRefused");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
            if (urls.isOurs(url, "/u/", request)) {
                redirect.addFlashAttribute("uploadLinkUrl", url);
                redirect.addFlashAttribute("uploadLinkCommand", CollectorScript.command(url));
            }
            return "redirect:/cases/" + ref.number().value();
        }
        redirect.addFlashAttribute("notice", "uploadLinks.mailed");
        return "redirect:/cases/" + ref.number().value();
    }

    /**
     * The link as the customer is to reach it: its path {@code /u/{id}/{token}} under this server's public address,
     * not under whatever host the engineer's request named (a mailed link must not depend on a Host header).
     */
    static String publicUrl(PublicUrls urls, String given, HttpServletRequest request) {
        int path = given == null ? -1 : given.indexOf("/u/");
        if (path < 0 || !urls.isOurs(given, "/u/", request)) {
            throw new InvalidInputException("url", Reason.of("problem.uploadLinkMail.notOurs"));
        }
        return urls.absolute(given.substring(path), request);
    }
}
