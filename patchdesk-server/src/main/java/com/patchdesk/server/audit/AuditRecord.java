package com.patchdesk.server.audit;

import java.time.Instant;

/** A stored audit row: who ({@code actorLabel}) did {@code action} on an entity, and which field changed how. */
public record AuditRecord(
        long id,
        Instant occurredAt,
        Long actorId,
        String actorLabel,
        String entityType,
        long entityId,
        Long caseId,
        String action,
        String field,
        String oldValue,
        String newValue) {}
