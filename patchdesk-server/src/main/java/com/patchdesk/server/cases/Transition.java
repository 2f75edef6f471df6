package com.patchdesk.server.cases;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A requested status change, with an optional note shown on the timeline. */
public record Transition(
        @NotNull CaseStatus status, @Size(max = 20000) String note) {}
