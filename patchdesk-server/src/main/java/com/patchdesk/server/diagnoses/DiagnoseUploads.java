package com.patchdesk.server.diagnoses;

import com.patchdesk.server.files.FileUploaded;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Every new upload on a case is diagnosed automatically. */
@Component
class DiagnoseUploads {

    private final Diagnoses diagnoses;

    DiagnoseUploads(Diagnoses diagnoses) {
        this.diagnoses = diagnoses;
    }

    @EventListener
    void on(FileUploaded uploaded) {
        diagnoses.request(
                uploaded.caseRef().id(),
                uploaded.caseRef().number().value(),
                uploaded.caseRef().language(),
                uploaded.file().id());
    }
}
