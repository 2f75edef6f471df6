package com.patchdesk.server.cases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One entry on a case timeline (a row of {@code case_entries}). Named apart from the engine's report.TimelineEntry,
 * which is a line of a diagnosis's timeline.
 *
 * @param authorId null for system entries (e.g. inbound mail from an unknown sender)
 * @param refType what {@code refId} points at, owned by the feature that wrote the entry (e.g. "mail_message")
 * @param wording what the server wrote, to say in each reader's language (null for people's entries and rows written
 *     before V136); the API gives the stored English summary and body
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
        boolean internal,
        @JsonIgnore EntryWordings.Stored wording) {}
