package com.patchdesk.server.diagnoses;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.accounts.DeskLocale;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTemplates;
import com.patchdesk.server.cases.RenderedText;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.problems.InvalidInputException;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Diagnoses of a case's uploads: {@code GET .../diagnoses} (newest first, each with its findings and what changed
 * since the previous one), {@code .../diagnoses/latest}, the engine's JSON report, and for engineers a draft reply
 * to the customer built from the latest diagnosis with the case's analysis-update template.
 */
@RestController
@RequestMapping("/api/cases/{number}/diagnoses")
class DiagnosesApi {

    private final CaseAccess access;
    private final Diagnoses diagnoses;
    private final CaseTemplates templates;
    private final DiagnosisReruns reruns;

    DiagnosesApi(CaseAccess access, Diagnoses diagnoses, CaseTemplates templates, DiagnosisReruns reruns) {
        this.access = access;
        this.diagnoses = diagnoses;
        this.templates = templates;
        this.reruns = reruns;
    }

    @GetMapping
    List<DiagnosisView> list(@CurrentActor Actor actor, @PathVariable String number) {
        return diagnoses.list(require(actor, number, CaseAction.VIEW).id());
    }

    @GetMapping("/latest")
    DiagnosisView latest(@CurrentActor Actor actor, @PathVariable String number) {
        return diagnoses
                .latestCompleted(require(actor, number, CaseAction.VIEW).id())
                .orElseThrow(() -> new CaseNotFoundException(number + " diagnosis"));
    }

    /** In the case's language, or {@code ?lang=en} / {@code ?lang=zh-CN}. */
    @GetMapping(value = "/{id}/report", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> report(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @PathVariable long id,
            @RequestParam(required = false) String lang) {
        Locale language;
        try {
            language = lang == null ? null : DeskLocale.parse(lang);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("lang", e.getMessage());
        }
        return diagnoses
                .reportJson(require(actor, number, CaseAction.VIEW).id(), id, language)
                .map(json -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(json))
                .orElseThrow(() -> new CaseNotFoundException(number + " diagnosis " + id));
    }

    /**
     * Staff run the engine again on the file of diagnosis {@code id} (same bytes, current engine and rules); the
     * earlier diagnosis is kept. 202 with the new, queued diagnosis; 409 while one of that file is queued or running.
     */
    @PostMapping("/{id}/rerun")
    ResponseEntity<DiagnosisView> rerun(@CurrentActor Actor actor, @PathVariable String number, @PathVariable long id) {
        CaseNumber caseNumber = CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number));
        long rerun = reruns.rerun(actor, caseNumber, id);
        CaseRef ref = access.require(actor, caseNumber, CaseAction.VIEW);
        return ResponseEntity.accepted().body(diagnoses.view(ref.id(), rerun).orElseThrow());
    }

    /** The analysis update in the case's language, filled from the latest diagnosis; engineers edit and send it. */
    @GetMapping("/latest/draft-reply")
    RenderedText draftReply(@CurrentActor Actor actor, @PathVariable String number) {
        CaseRef ref = require(actor, number, CaseAction.SEND_MAIL);
        return templates.render(ref, TemplateName.ANALYSIS_UPDATE, null, actor);
    }

    private CaseRef require(Actor actor, String number, CaseAction action) {
        return access.require(
                actor, CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)), action);
    }
}
