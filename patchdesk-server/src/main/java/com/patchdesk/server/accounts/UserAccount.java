package com.patchdesk.server.accounts;

import java.time.Instant;

/** A user as admins see it; never carries the password hash. */
public record UserAccount(
        long id,
        String email,
        String displayName,
        Role role,
        Long organisationId,
        String locale,
        boolean enabled,
        Instant createdAt) {}
