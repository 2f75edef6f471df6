package com.patchdesk.server.cases;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.patchdesk.server.problems.InvalidInputException;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fields to change on a case (HTTP PATCH body). A null field is left as it is; an empty string clears an optional
 * text field. The owner can be replaced but not removed. Any other field in the body lands in {@code others} and
 * is refused by {@link #rejectOthers()}: a PATCH that silently drops a field looks like it worked.
 */
public record CaseChanges(
        @Size(min = 1, max = 300) String title,
        Priority priority,
        Long organisationId,
        @Size(max = 20000) String description,
        @Size(max = 100) String product,
        @Size(max = 100) String productVersion,

        @Pattern(regexp = "(?i)(KB\\d{6,8})?", message = "must look like KB5032196")
        String reportedKb,

        @Pattern(regexp = "(?i)((0x)?[0-9a-f]{8})?", message = "must be a hex error code like 0x800F0986")
        String reportedError,

        Long ownerId,
        String language,
        @JsonAnySetter Map<String, Object> others) {

    private static final Set<String> READ_ONLY = Arrays.stream(CaseView.class.getRecordComponents())
            .map(component -> component.getName())
            .collect(Collectors.toUnmodifiableSet());
    /** The fields a PATCH changes: this record's own, in their order. */
    private static final String CHANGEABLE = Arrays.stream(CaseChanges.class.getRecordComponents())
            .map(component -> component.getName())
            .filter(name -> !name.equals("others"))
            .collect(Collectors.joining(", "));

    /**
     * Refuses fields this PATCH cannot change: the status (moved through the lifecycle), other read-only fields of
     * the case, and names that are no field at all.
     *
     * @throws InvalidInputException naming the first such field
     */
    public void rejectOthers() {
        if (others == null || others.isEmpty()) {
            return;
        }
        String field = others.keySet().stream().sorted().findFirst().orElseThrow();
        if (field.equals("status")) {
            throw new InvalidInputException(
                    field,
                    "the status is not changed by PATCH; use POST /api/cases/{number}"
                            + "/transitions with {\"status\": ...}");
        }
        throw new InvalidInputException(
                field,
                READ_ONLY.contains(field)
                        ? "'" + field + "' is read-only and cannot be changed"
                        : "unknown field '" + field + "'; changeable are " + CHANGEABLE);
    }
}
