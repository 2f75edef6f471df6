package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The case page's upload links: create one (the URL and the collector command are shown once, as the token is only
 * kept hashed) and revoke one.
 */
@Controller
@ConsolePage
class UploadLinkPages {

    private final CaseAccess access;
    private final UploadLinkRequests requests;
    private final UploadLinks links;
    private final ProblemTexts texts;
    private final PublicUrls urls;

    UploadLinkPages(
            CaseAccess access, UploadLinkRequests requests, UploadLinks links, ProblemTexts texts, PublicUrls urls) {
        this.texts = texts;
        this.urls = urls;
        this.access = access;
        this.requests = requests;
        this.links = links;
    }

    @PostMapping("/cases/{number}/upload-links")
    String create(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(defaultValue = "7") int validDays,
            @RequestParam(required = false) Long maxMegabytes,
            @RequestParam(defaultValue = "3") int maxFiles,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.PUBLISH_FILE);
        UploadLinks.Created created;
        try {
            created = requests.create(
                    ref,
                    actor,
                    "P" + validDays + "D",
                    maxMegabytes == null ? null : maxMegabytes * 1024 * 1024,
                    maxFiles);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "uploadLinks.invalid");
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
            return back(ref);
        }
        // The customer gets it: the public address, as the API and the mailed link give it.
        String url = urls.absolute(created.path(), request);
        redirect.addFlashAttribute("uploadLinkUrl", url);
        redirect.addFlashAttribute("uploadLinkCommand", CollectorScript.command(url));
        redirect.addFlashAttribute("notice", "uploadLinks.created");
        return back(ref);
    }

    @PostMapping("/cases/{number}/upload-links/{id}/revoke")
    String revoke(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @PathVariable long id,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.PUBLISH_FILE);
        redirect.addFlashAttribute(
                "notice", links.revoke(ref, id, actor) ? "uploadLinks.revoked" : "uploadLinks.unknown");
        return back(ref);
    }

    private static String back(CaseRef ref) {
        return "redirect:/cases/" + ref.number().value();
    }
}
