package com.patchdesk.server.diagnoses;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.StateConflictException;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One diagnosis of an uploaded bundle, for engineers ({@code /cases/...}) and for the customer whose case it is
 * ({@code /portal/cases/...}). A diagnosis id of another case is a 404, like a case of another organisation.
 */
@Controller
@ConsolePage
class DiagnosisPage {

    private final CaseAccess access;
    private final Diagnoses diagnoses;
    private final DiagnosisReruns reruns;
    private final MessageSource messages;
    private final ProblemTexts texts;

    DiagnosisPage(
            CaseAccess access,
            Diagnoses diagnoses,
            DiagnosisReruns reruns,
            MessageSource messages,
            ProblemTexts texts) {
        this.texts = texts;
        this.access = access;
        this.diagnoses = diagnoses;
        this.reruns = reruns;
        this.messages = messages;
    }

    @GetMapping({"/cases/{number}/diagnoses/{id}", "/portal/cases/{number}/diagnoses/{id}"})
    String show(@CurrentActor Actor actor, @PathVariable String number, @PathVariable long id, Model model) {
        CaseRef ref = access.require(actor, number, CaseAction.VIEW);
        DiagnosisView diagnosis =
                diagnoses.view(ref.id(), id).orElseThrow(() -> new CaseNotFoundException(number + " diagnosis " + id));
        model.addAttribute("caseNumber", ref.number().value());
        model.addAttribute(
                "caseHome",
                (actor.isStaff() ? "/cases/" : "/portal/cases/") + ref.number().value());
        model.addAttribute("diagnosis", diagnosis);
        model.addAttribute("canRerun", actor.isStaff() && !diagnoses.pendingFor(diagnosis.fileId()));
        // The reader's language, whatever the case's: an English-speaking engineer reads a zh-CN case in English.
        diagnoses.reportJson(ref.id(), id, LocaleContextHolder.getLocale()).ifPresent(json -> {
            try {
                DiagnosisReading report = DiagnosisReading.of(json);
                model.addAttribute("report", report);
                model.addAttribute("chartSvg", UpdateAttemptChart.render(report.chartAttempts(), chartLabels()));
            } catch (IllegalArgumentException unreadable) {
                model.addAttribute("reportProblem", unreadable.getMessage());
            }
        });
        return "cases/diagnosis";
    }

    /** Staff run the engine again on the same file; the page of the new diagnosis follows. */
    @PostMapping("/cases/{number}/diagnoses/{id}/rerun")
    String rerun(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @PathVariable long id,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.EDIT);
        try {
            long rerun = reruns.rerun(actor, ref.number(), id);
            redirect.addFlashAttribute("notice", "diagnosis.rerun.queued");
            return "redirect:/cases/" + ref.number().value() + "/diagnoses/" + rerun;
        } catch (StateConflictException refused) {
            redirect.addFlashAttribute("problem", "diagnosis.rerun.refused");
            redirect.addFlashAttribute("problemDetail", texts.describe(refused));
            return "redirect:/cases/" + ref.number().value() + "/diagnoses/" + id;
        }
    }

    private UpdateAttemptChart.Labels chartLabels() {
        Locale locale = LocaleContextHolder.getLocale();
        return new UpdateAttemptChart.Labels(
                text("chart.title", locale),
                text("chart.download", locale),
                text("chart.install", locale),
                text("chart.barOrder", locale),
                text("chart.succeeded", locale),
                text("chart.failed", locale),
                text("chart.other", locale),
                text("chart.earlierDaysOmitted", locale));
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
