package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The case page's download links: revoking one, and putting a just-published one into the reply form. */
@Controller
@ConsolePage
class DownloadLinkPages {

    private final CaseAccess access;
    private final CasePublications publications;
    private final PublicUrls urls;
    private final MessageSource messages;

    DownloadLinkPages(CaseAccess access, CasePublications publications, PublicUrls urls, MessageSource messages) {
        this.access = access;
        this.publications = publications;
        this.urls = urls;
        this.messages = messages;
    }

    @PostMapping("/cases/{number}/downloads/{id}/revoke")
    String revoke(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @PathVariable long id,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.PUBLISH_FILE);
        if (!publications.revoke(ref, id, actor)) {
            throw new CaseNotFoundException(number + " link " + id);
        }
        redirect.addFlashAttribute("notice", "files.link.revokedNotice");
        return backTo(ref);
    }

    /**
     * "Send to customer": the just-published link goes into the reply form, in the case's language, for the
     * engineer to read and send. The link comes back from the engineer's own page (its token is stored nowhere).
     */
    @PostMapping("/cases/{number}/downloads/mail")
    String mailLink(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam String url,
            @RequestParam(defaultValue = "") String fileName,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.SEND_MAIL);
        if (!urls.isOurs(url, "/d/", request)) {
            throw new InvalidInputException("url", "not a download link of this server");
        }
        Locale language = ref.language();
        String name = fileName.length() > 300 ? fileName.substring(0, 300) : fileName;
        redirect.addFlashAttribute(
                "mailSubject", messages.getMessage("files.link.mailSubject", new Object[] {name}, language));
        redirect.addFlashAttribute(
                "mailText", messages.getMessage("files.link.mailBody", new Object[] {name, url}, language));
        redirect.addFlashAttribute("notice", "files.link.mailPrepared");
        return backTo(ref) + "#compose-heading";
    }

    private static String backTo(CaseRef ref) {
        return "redirect:/cases/" + ref.number().value();
    }
}
