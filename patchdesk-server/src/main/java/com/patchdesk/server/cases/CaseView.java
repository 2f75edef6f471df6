package com.patchdesk.server.cases;

import java.time.Instant;

/** A case as the API shows it. {@code version} is also sent as the ETag for optimistic locking. */
public record CaseView(long id, String number, String title, String description, Priority priority,
        CaseStatus status, long organisationId, String organisationName, String product, String productVersion,
        Integer osBuildFamily, String reportedKb, String reportedError, Long ownerId, String ownerName,
        String language, int version, Instant createdAt, Instant updatedAt, Sla sla) {

    /** SLA state: due instants (null when not running) and whether a target was missed. */
    public record Sla(Instant firstResponseDueAt, Instant firstRespondedAt, Instant nextUpdateDueAt,
            boolean paused, boolean firstResponseBreached, boolean nextUpdateBreached) {
    }
}
