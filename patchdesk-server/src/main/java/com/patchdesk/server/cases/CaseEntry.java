package com.patchdesk.server.cases;

import java.time.Instant;

/**
 * One entry on a case timeline (a row of {@code case_entries}). Named apart from the engine's report.TimelineEntry,
 * which is a line of a diagnosis's timeline.
 *
 * @param authorId null for system entries (e.g. inbound mail from an unknown sender)
 * @param refType what {@code refId} points at, owned by the feature that wrote the entry (e.g. "mail_message")
 */
public record CaseEntry(
        long id,
        long caseId,
        EntryKind kind,
        Long authorId,
        String authorName,
        Instant occurredAt,
        String summary,
        String body,
        String refType,
        Long refId,
        boolean internal) {}
