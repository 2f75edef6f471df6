package com.patchdesk.server.cases;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A contact to add to a case. */
public record NewContact(
        @NotBlank @Email @Size(max = 320) String email,
        @Size(max = 200) String name,
        @Size(max = 50) String phone) {}
