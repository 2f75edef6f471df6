package com.patchdesk.server.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A note or customer comment; {@code internal} notes are for staff and ignored for customers' comments. */
public record NewNote(
        @NotBlank @Size(max = 400) String summary,
        @Size(max = 20000) String body,
        Boolean internal) {

    public boolean isInternal() {
        return Boolean.TRUE.equals(internal);
    }
}
