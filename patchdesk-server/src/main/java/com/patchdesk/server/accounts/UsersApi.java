package com.patchdesk.server.accounts;

import com.patchdesk.server.problems.ResourceNotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** User administration (admins), and {@code /api/users/me} for everyone. */
@RestController
@RequestMapping("/api/users")
class UsersApi {

    private final UserAccounts accounts;

    UsersApi(UserAccounts accounts) {
        this.accounts = accounts;
    }

    /** Whom the credentials belong to; clients use it to check a login and pick the UI language. */
    @GetMapping("/me")
    Actor me(@CurrentActor Actor actor) {
        return actor;
    }

    @GetMapping
    List<UserAccount> list(@CurrentActor Actor actor) {
        requireAdmin(actor);
        return accounts.list();
    }

    @GetMapping("/{id}")
    UserAccount get(@CurrentActor Actor actor, @PathVariable long id) {
        requireAdmin(actor);
        return accounts.find(id).orElseThrow(() -> new ResourceNotFoundException("no user " + id));
    }

    @PostMapping
    ResponseEntity<UserAccount> create(@CurrentActor Actor actor, @Valid @RequestBody NewUser user) {
        UserAccount created = accounts.create(actor, user);
        return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
    }

    record Enablement(@NotNull Boolean enabled) {
    }

    /** Enables or disables sign-in; accounts are never deleted so history keeps its authors. */
    @PatchMapping("/{id}")
    UserAccount setEnabled(@CurrentActor Actor actor, @PathVariable long id,
            @Valid @RequestBody Enablement enablement) {
        return accounts.setEnabled(actor, id, enablement.enabled());
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("only admins manage users");
        }
    }
}
