package com.patchdesk.server.accounts;

import com.patchdesk.server.audit.AuditActor;
import java.util.Locale;
import java.util.Objects;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;

/**
 * The person behind a request, as the rest of the server sees them. Obtain it in a controller with a
 * {@link CurrentActor @CurrentActor Actor actor} parameter, or with {@link #from(Authentication)}.
 *
 * @param organisationId the customer's organisation; {@code null} for staff (engineers and admins)
 */
public record Actor(long userId, String email, String displayName, Role role, Long organisationId, Locale locale)
        implements AuditActor, java.io.Serializable {

    public Actor {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(locale, "locale");
        if (role == Role.CUSTOMER && organisationId == null) {
            throw new IllegalArgumentException("a customer belongs to an organisation");
        }
    }

    public boolean isStaff() {
        return role.isStaff();
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** The actor of an authenticated request; fails for anonymous or foreign authentications. */
    public static Actor from(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof DeskPrincipal principal) {
            return principal.actor();
        }
        throw new AuthenticationCredentialsNotFoundException("no signed-in Patchdesk user");
    }
}
