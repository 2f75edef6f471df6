package com.patchdesk.server.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A case to open.
 *
 * @param organisationId required when staff open a case; customers always open cases for their own organisation
 * @param productVersion e.g. {@code "V2020-L 1809"}; the OS build family (17763) is derived from it
 * @param reportedKb e.g. {@code KB5032196}
 * @param reportedError e.g. {@code 0x800f0986}
 * @param language {@code zh-CN} or {@code en}; null means the opener's language
 */
public record NewCase(
        @NotBlank @Size(max = 300) String title,
        @NotNull Priority priority,
        Long organisationId,
        @Size(max = 20000) String description,
        @Size(max = 100) String product,
        @Size(max = 100) String productVersion,

        @Pattern(regexp = "(?i)KB\\d{6,8}", message = "must look like KB5032196")
        String reportedKb,

        @Pattern(regexp = "(?i)(0x)?[0-9a-f]{8}", message = "must be a hex error code like 0x800F0986")
        String reportedError,

        String language) {}
