package com.patchdesk.server.accounts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An organisation to create; {@code emailDomain} (optional) routes mail from its unknown senders to it;
 * {@code timeZone} (optional IANA id, default {@code Asia/Shanghai}) is where mail to it states times.
 */
public record NewOrganisation(
        @NotBlank @Size(max = 200) String name,

        @Size(max = 253)
        @Pattern(regexp = "([A-Za-z0-9-]+\\.)+[A-Za-z]{2,}", message = "must be a domain like bank.example")
        String emailDomain,

        @Size(max = 64) String timeZone) {}
