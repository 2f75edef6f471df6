package com.patchdesk.server.cases.internal;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CasePagePart;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.CustomerActivity;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.NewCall;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.StateConflictException;
import com.patchdesk.server.problems.VersionMismatchException;
import com.patchdesk.server.web.ConsoleSettings;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What engineers do from the case page: change the status (only moves the lifecycle allows are offered, and the
 * lifecycle checks again), log a phone call, write a note. Each form answers with a redirect back to the case and a
 * notice, so reloading the page never sends it twice. Refusals keep the typed text in the form.
 */
@Controller
@ConsolePage
class CaseActions {

    static final int MAX_TEXT = CasePagePart.MAX_TEXT;

    private final CaseAccess access;
    private final CaseLifecycle lifecycle;
    private final CaseTimeline timeline;
    private final CustomerActivity activity;
    private final ZoneId zone;
    private final ProblemTexts texts;

    CaseActions(
            CaseAccess access,
            CaseLifecycle lifecycle,
            CaseTimeline timeline,
            CustomerActivity activity,
            ConsoleSettings settings,
            ProblemTexts texts) {
        this.texts = texts;
        this.access = access;
        this.lifecycle = lifecycle;
        this.timeline = timeline;
        this.activity = activity;
        this.zone = settings.timeZone();
    }

    @PostMapping("/cases/{number}/status")
    String changeStatus(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam CaseStatus status,
            @RequestParam(required = false) Long version,
            @RequestParam(defaultValue = "") String note,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.EDIT);
        if (note.length() > MAX_TEXT) {
            return refused(redirect, ref, "case.form.tooLong", "statusNote", note);
        }
        try {
            lifecycle.transition(actor, ref, status, version, note);
        } catch (StateConflictException | VersionMismatchException e) {
            // A move the lifecycle forbids, closing without consent, or someone changed the case meanwhile.
            detail(redirect, e, texts);
            return refused(redirect, ref, "case.status.refused", "statusNote", note);
        }
        redirect.addFlashAttribute("notice", "case.status.changed");
        return backTo(ref);
    }

    @PostMapping("/cases/{number}/calls")
    String logCall(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(defaultValue = "") String who,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime at,
            @RequestParam(defaultValue = "") String summary,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "false") boolean internal,
            @RequestParam(defaultValue = "false") boolean consent,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.LOG_CALL);
        if (who.isBlank()
                || summary.isBlank()
                || who.length() > 200
                || summary.length() > 400
                || body.length() > MAX_TEXT) {
            redirect.addFlashAttribute("callWho", who);
            redirect.addFlashAttribute("callSummary", summary);
            return refused(redirect, ref, "case.call.invalid", "callBody", body);
        }
        try {
            lifecycle.logCall(
                    actor,
                    ref,
                    new NewCall(
                            who,
                            at == null ? null : at.atZone(zone).toInstant(),
                            summary,
                            body.isBlank() ? null : body,
                            internal,
                            consent));
        } catch (InvalidInputException | StateConflictException e) {
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
            redirect.addFlashAttribute("callWho", who);
            redirect.addFlashAttribute("callSummary", summary);
            return refused(redirect, ref, "case.call.refused", "callBody", body);
        }
        redirect.addFlashAttribute("notice", "case.call.logged");
        return backTo(ref);
    }

    @PostMapping("/cases/{number}/notes")
    String addNote(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "false") boolean internal,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.COMMENT);
        String note = text.strip();
        if (note.isEmpty() || note.length() > MAX_TEXT) {
            return refused(redirect, ref, note.isEmpty() ? "case.note.empty" : "case.form.tooLong", "noteText", text);
        }
        timeline.append(ref, EntryKind.NOTE, actor, note, note, null, null, actor.isStaff() && internal);
        activity.answeredBy(actor, ref, "The customer added a note.");
        redirect.addFlashAttribute("notice", "case.note.added");
        return backTo(ref);
    }

    /**
     * Why a form was refused, under the notice: someone else's change as a message in the reader's language (the
     * exception's text is the API's, in English, with version numbers); other refusals in the reader's language.
     */
    static void detail(RedirectAttributes redirect, RuntimeException e, ProblemTexts texts) {
        if (e instanceof VersionMismatchException) {
            redirect.addFlashAttribute("problemDetailKey", "case.conflict.detail");
        } else {
            redirect.addFlashAttribute("problemDetail", texts.describe(e));
        }
    }

    private static String refused(
            RedirectAttributes redirect, CaseRef ref, String problem, String draftName, String draft) {
        redirect.addFlashAttribute("problem", problem);
        redirect.addFlashAttribute(draftName, draft);
        return backTo(ref);
    }

    private static String backTo(CaseRef ref) {
        return "redirect:/cases/" + ref.number().value();
    }
}
