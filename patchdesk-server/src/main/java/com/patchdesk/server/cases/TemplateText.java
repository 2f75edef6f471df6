package com.patchdesk.server.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** New text of a template (HTTP PUT body). */
public record TemplateText(@NotBlank @Size(max = 300) String subject, @NotBlank @Size(max = 50000) String body) {
}
