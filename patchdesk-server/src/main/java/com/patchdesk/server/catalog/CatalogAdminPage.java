package com.patchdesk.server.catalog;

import com.patchdesk.diagnosis.knowledge.CatalogRejectedException;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.Reason;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /admin/catalog}: the catalog in use, and a form to upload a newer one. Admins only. */
@Controller
class CatalogAdminPage {

    /** An update history is about half a megabyte; anything far larger is not one. */
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final CatalogStore store;
    private final ProblemTexts texts;

    CatalogAdminPage(CatalogStore store, ProblemTexts texts) {
        this.store = store;
        this.texts = texts;
    }

    @GetMapping("/admin/catalog")
    String show(@CurrentActor Actor actor, Model model) {
        CatalogAdminApi.requireAdmin(actor);
        model.addAttribute("status", store.status());
        return "catalog/admin";
    }

    @PostMapping("/admin/catalog")
    String upload(@CurrentActor Actor actor, @RequestParam("file") MultipartFile file, RedirectAttributes redirect)
            throws IOException {
        CatalogAdminApi.requireAdmin(actor);
        if (file.isEmpty() || file.getSize() > MAX_BYTES) {
            redirect.addFlashAttribute(
                    "catalogProblem",
                    texts.say(Reason.of(file.isEmpty() ? "problem.catalog.empty" : "problem.catalog.tooLarge")));
            return "redirect:/admin/catalog";
        }
        try {
            store.install(file.getBytes(), file.getOriginalFilename());
            redirect.addFlashAttribute("catalogInstalled", true);
        } catch (CatalogRejectedException refused) {
            redirect.addFlashAttribute("catalogProblem", refused.getMessage());
        }
        return "redirect:/admin/catalog";
    }
}
