package com.patchdesk.server.accounts;

import org.springframework.security.access.AccessDeniedException;

/**
 * The admin pages' own role check. WebSecurity already limits {@code /admin/**} to admins; every admin page checks
 * again, so that a page reachable by mistake still refuses.
 */
public final class AdminArea {

    private AdminArea() {}

    /** @throws AccessDeniedException unless the actor is an admin */
    public static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("the admin area is for admins");
        }
    }
}
