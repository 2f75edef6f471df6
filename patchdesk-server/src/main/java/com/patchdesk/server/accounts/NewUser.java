package com.patchdesk.server.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * An account to create. {@code organisationId} is required for customers and must be null for staff.
 *
 * @param locale {@code zh-CN} or {@code en}; null means {@code zh-CN}
 */
public record NewUser(
        @NotBlank @Email @Size(max = 320) String email,
        @NotBlank @Size(max = 200) String displayName,
        @NotBlank @Size(min = 12, max = 200) String password,
        @NotNull Role role,
        Long organisationId,
        String locale) {

    @Override
    public String toString() {
        return "NewUser[" + email + ", " + role + ", organisation " + organisationId + "]";
    }
}
