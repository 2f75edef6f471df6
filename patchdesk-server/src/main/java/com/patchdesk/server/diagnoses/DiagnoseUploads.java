package com.patchdesk.server.diagnoses;

import com.patchdesk.server.files.FileUploaded;
import java.time.Duration;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Every new upload on a case is diagnosed automatically. */
@Component
class DiagnoseUploads {

    private final Diagnoses diagnoses;
    private final ArrivingDiagnoses arriving;
    private final Duration affinity;

    DiagnoseUploads(Diagnoses diagnoses, ArrivingDiagnoses arriving, DiagnosisProperties settings) {
        this.diagnoses = diagnoses;
        this.arriving = arriving;
        this.affinity = settings.arrivingAffinity();
    }

    /**
     * An upload a child of this server read as it arrived is diagnosed here, where that child's result is: with
     * several servers on one queue, another server's worker would analyse the whole upload again.
     */
    @EventListener
    void on(FileUploaded uploaded) {
        diagnoses.request(
                uploaded.caseRef().id(),
                uploaded.caseRef().number().value(),
                uploaded.caseRef().language(),
                uploaded.file().id(),
                arriving.following(uploaded.file().id()) ? affinity : Duration.ZERO);
    }
}
