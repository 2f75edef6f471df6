package com.patchdesk.server.files;

import java.time.Instant;

/**
 * One upload attempt on a case. {@code sha256}, {@code size} and {@code blobKey} are set once it is stored;
 * {@code failure} says why a failed one failed.
 */
public record CaseFile(
        long id,
        long caseId,
        String name,
        Origin origin,
        Status status,
        Long size,
        String sha256,
        String blobKey,
        String failure,
        Long uploadedBy,
        Instant uploadedAt,
        Instant storedAt) {

    public enum Origin {
        UPLOAD,
        PUBLISHED
    }

    public enum Status {
        RECEIVING,
        STORED,
        FAILED
    }

    public boolean stored() {
        return status == Status.STORED;
    }
}
