package com.patchdesk.server.cases.internal;

import static com.patchdesk.server.cases.internal.AdminPages.requireAdmin;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseTemplate;
import com.patchdesk.server.cases.CaseTemplates;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.cases.TemplateText;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.VersionMismatchException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Template editing with a preview rendered from a sample case. The preview is a fragment the page fetches with
 * htmx while the admin types (no inline script), and the same form's "Preview" button renders the whole page with it
 * when script is off. Saving checks the version the admin opened, so a colleague's edit is not overwritten.
 */
@Controller
@ConsolePage
class AdminTemplatePages {

    private final CaseTemplates templates;
    private final ProblemTexts texts;

    AdminTemplatePages(CaseTemplates templates, ProblemTexts texts) {
        this.texts = texts;
        this.templates = templates;
    }

    @GetMapping("/admin/templates")
    String list(@CurrentActor Actor actor, Model model) {
        requireAdmin(actor);
        model.addAttribute("templates", templates.list());
        return "admin/templates";
    }

    @GetMapping("/admin/templates/{name}/{locale}")
    String edit(@CurrentActor Actor actor, @PathVariable TemplateName name, @PathVariable String locale, Model model) {
        requireAdmin(actor);
        CaseTemplate template = templates.get(name, locale);
        model.addAttribute("template", template);
        if (!model.containsAttribute("draft")) {
            model.addAttribute("draft", new TemplateText(template.subject(), template.body()));
        }
        preview(template.locale(), (TemplateText) model.getAttribute("draft"), model);
        return "admin/template";
    }

    /** The preview fragment for htmx, or (button "preview") the whole page with the typed text. */
    @PostMapping("/admin/templates/{name}/{locale}/preview")
    String preview(
            @CurrentActor Actor actor,
            @PathVariable TemplateName name,
            @PathVariable String locale,
            @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String body,
            @RequestHeader(name = "HX-Request", defaultValue = "false") boolean fromHtmx,
            Model model) {
        requireAdmin(actor);
        CaseTemplate template = templates.get(name, locale);
        TemplateText draft = new TemplateText(subject, body);
        preview(template.locale(), draft, model);
        if (fromHtmx) {
            return "admin/template :: preview";
        }
        model.addAttribute("template", template);
        model.addAttribute("draft", draft);
        return "admin/template";
    }

    @PostMapping("/admin/templates/{name}/{locale}")
    String save(
            @CurrentActor Actor actor,
            @PathVariable TemplateName name,
            @PathVariable String locale,
            @RequestParam long version,
            @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String body,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        String page = "redirect:/admin/templates/" + name.name() + "/" + locale;
        TemplateText draft = new TemplateText(subject, body);
        try {
            if (subject.isBlank() || body.isBlank() || subject.length() > 300 || body.length() > 50_000) {
                throw new InvalidInputException("subject", Reason.of("problem.template.subjectAndText"));
            }
            templates.update(actor, name, locale, draft, version);
        } catch (InvalidInputException | VersionMismatchException e) {
            redirect.addFlashAttribute("draft", draft);
            redirect.addFlashAttribute(
                    "problem",
                    e instanceof VersionMismatchException ? "admin.template.conflict" : "admin.template.invalid");
            if (!(e instanceof VersionMismatchException)) {
                // The conflict's own message says it all in the admin's language; the API's text would not.
                redirect.addFlashAttribute("problemDetail", texts.describe(e));
            }
            return page;
        }
        redirect.addFlashAttribute("notice", "admin.template.saved");
        return page;
    }

    private void preview(String locale, TemplateText draft, Model model) {
        try {
            model.addAttribute("preview", templates.preview(locale, draft));
        } catch (InvalidInputException e) {
            model.addAttribute("previewProblem", texts.describe(e));
        }
    }
}
