package com.patchdesk.server.cases;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Fields to change on a case (HTTP PATCH body). A null field is left as it is; an empty string clears an optional
 * text field. The owner can be replaced but not removed.
 */
public record CaseChanges(
        @Size(min = 1, max = 300) String title,
        Priority priority,
        Long organisationId,
        @Size(max = 20000) String description,
        @Size(max = 100) String product,
        @Size(max = 100) String productVersion,
        @Pattern(regexp = "(?i)(KB\\d{6,8})?", message = "must look like KB5032196") String reportedKb,
        @Pattern(regexp = "(?i)((0x)?[0-9a-f]{8})?", message = "must be a hex error code like 0x800F0986")
        String reportedError,
        Long ownerId,
        String language) {
}
