package com.patchdesk.server.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * New text of a template (HTTP PUT body). Serializable: the editor keeps a refused draft in the session (a flash
 * attribute), and sessions are stored in the database.
 */
public record TemplateText(
        @NotBlank @Size(max = 300) String subject,
        @NotBlank @Size(max = 50000) String body) implements java.io.Serializable {}
