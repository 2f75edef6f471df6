package com.patchdesk.server.diagnoses;

import java.time.Instant;
import java.util.List;

/**
 * One diagnosis of an uploaded file as the API shows it. {@code message} explains a failed diagnosis or a bundle
 * from which nothing could be read; {@code changes} compares with the case's previous completed diagnosis.
 */
public record DiagnosisView(
        long id,
        long caseId,
        long fileId,
        String fileName,
        String status,
        String outcome,
        Integer filesRead,
        String message,
        Instant createdAt,
        Instant finishedAt,
        List<StoredFinding> findings,
        FindingChanges changes) {

    public DiagnosisView {
        findings = List.copyOf(findings);
    }
}
