package com.patchdesk.server.diagnoses;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import com.patchdesk.server.problems.StateConflictException;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs the engine again on the file of an earlier diagnosis: the same stored bytes, today's engine and rules. The
 * earlier diagnosis stays as it was; the new one is compared with it like a new upload. For a diagnosis that failed
 * or timed out, too. Staff only (customers upload again instead), audited.
 */
@Service
public class DiagnosisReruns {

    private final CaseAccess access;
    private final Diagnoses diagnoses;
    private final CaseFiles files;
    private final AuditTrail audit;

    DiagnosisReruns(CaseAccess access, Diagnoses diagnoses, CaseFiles files, AuditTrail audit) {
        this.access = access;
        this.diagnoses = diagnoses;
        this.files = files;
        this.audit = audit;
    }

    /** Queues the new diagnosis and returns its id. */
    @Transactional
    public long rerun(Actor staff, CaseNumber number, long diagnosisId) {
        CaseRef ref = access.require(staff, number, CaseAction.EDIT);
        DiagnosisView earlier = diagnoses
                .view(ref.id(), diagnosisId)
                .orElseThrow(() -> new CaseNotFoundException(number.value() + " diagnosis " + diagnosisId));
        CaseFile file = files.find(ref, earlier.fileId())
                .filter(CaseFile::stored)
                .orElseThrow(() -> new StateConflictException(
                        "the file " + earlier.fileName() + " is no longer stored, so it cannot be diagnosed again"));
        if (diagnoses.pendingForUpdate(file.id())) {
            throw new StateConflictException("a diagnosis of " + file.name() + " is already queued or running");
        }
        long id = diagnoses.request(ref.id(), ref.number().value(), ref.language(), file.id());
        audit.record(
                staff,
                "diagnosis",
                id,
                ref.id(),
                "rerun",
                List.of(FieldChange.of("rerunOf", null, diagnosisId), FieldChange.of("fileId", null, file.id())));
        return id;
    }
}
