package com.patchdesk.server.accounts;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** Spring Security's view of a user; carries the {@link Actor} so controllers never query the user again. */
/** Serializable (UserDetails is): Spring Session keeps it in the database with the session. */
record DeskPrincipal(Actor actor, String passwordHash, boolean enabled) implements UserDetails {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + actor.role().name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return actor.email();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public String toString() {
        // Never print the hash, e.g. in debug logs of the security filter chain.
        return "DeskPrincipal[" + actor.email() + ", " + actor.role() + "]";
    }
}
