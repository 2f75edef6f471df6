package com.patchdesk.server.cases;

import java.time.Instant;

/** A case as the API shows it. {@code version} is also sent as the ETag for optimistic locking. */
public record CaseView(
        long id,
        String number,
        String title,
        String description,
        Priority priority,
        CaseStatus status,
        long organisationId,
        String organisationName,
        String product,
        String productVersion,
        Integer osBuildFamily,
        String reportedKb,
        String reportedError,
        Long ownerId,
        String ownerName,
        String language,
        int version,
        Instant createdAt,
        Instant updatedAt,
        Sla sla) {

    /**
     * SLA state at the time of reading. A breach stays flagged after the late response arrives.
     *
     * @param nextDueAt the earliest pending target, null when nothing is owed
     */
    public record Sla(
            Instant firstResponseDueAt,
            Instant firstRespondedAt,
            Instant nextUpdateDueAt,
            Instant nextDueAt,
            boolean paused,
            boolean firstResponseBreached,
            boolean nextUpdateBreached) {}
}
