package com.patchdesk.server.cases;

import java.time.Instant;

/** A stored template: Mustache subject and body for one name and language. */
public record CaseTemplate(
        long id,
        TemplateName name,
        String locale,
        String subject,
        String body,
        int version,
        Instant updatedAt,
        Long updatedBy) {}
