package com.patchdesk.server.diagnoses;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CasePagePart;
import com.patchdesk.server.cases.CaseRef;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The diagnoses of the case's uploads, on its page and in the portal. */
@Component
class DiagnosesOnTheCasePage implements CasePagePart {

    private final Diagnoses diagnoses;

    DiagnosesOnTheCasePage(Diagnoses diagnoses) {
        this.diagnoses = diagnoses;
    }

    @Override
    public void addTo(CaseRef ref, Actor viewer, Model model) {
        model.addAttribute("caseDiagnoses", diagnoses.list(ref.id()));
    }
}
