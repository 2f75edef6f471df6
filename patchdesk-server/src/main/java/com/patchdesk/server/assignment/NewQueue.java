package com.patchdesk.server.assignment;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A queue to create, with its optional routing rule. */
public record NewQueue(
        @NotBlank @Size(max = 100) String name,
        Long organisationId,
        @Size(max = 100) String product,

        @Pattern(regexp = "P[1-4]", message = "must be P1, P2, P3 or P4")
        String priority,

        Integer position) {}
