package com.patchdesk.server.accounts;

import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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

    /**
     * Whom the credentials belong to; clients use it to check a login and pick the UI language.
     *
     * @param locale a BCP 47 tag ({@code zh-CN}, {@code en}), as accounts are created with
     */
    record Me(long userId, String email, String displayName, Role role, Long organisationId, String locale) {

        static Me of(Actor actor) {
            return new Me(
                    actor.userId(),
                    actor.email(),
                    actor.displayName(),
                    actor.role(),
                    actor.organisationId(),
                    DeskLocale.tag(actor.locale()));
        }
    }

    @GetMapping("/me")
    Me me(@CurrentActor Actor actor) {
        return Me.of(actor);
    }

    @GetMapping
    List<UserAccount> list(@CurrentActor Actor actor) {
        requireAdmin(actor);
        return accounts.list();
    }

    @GetMapping("/{id}")
    UserAccount get(@CurrentActor Actor actor, @PathVariable long id) {
        requireAdmin(actor);
        return accounts.find(id)
                .orElseThrow(() -> new ResourceNotFoundException(Reason.of("problem.user.none", String.valueOf(id))));
    }

    @PostMapping
    ResponseEntity<UserAccount> create(@CurrentActor Actor actor, @Valid @RequestBody NewUser user) {
        UserAccount created = accounts.create(actor, user);
        return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
    }

    record Enablement(@NotNull Boolean enabled) {}

    /** Enables or disables sign-in; accounts are never deleted so history keeps its authors. */
    @PatchMapping("/{id}")
    UserAccount setEnabled(
            @CurrentActor Actor actor, @PathVariable long id, @Valid @RequestBody Enablement enablement) {
        return accounts.setEnabled(actor, id, enablement.enabled());
    }

    record PasswordChange(
            @NotBlank @Size(max = 200) String currentPassword,
            @NotBlank @Size(min = 12, max = 200) String newPassword) {

        @Override
        public String toString() {
            return "PasswordChange[***]";
        }
    }

    record PasswordReset(
            @NotBlank @Size(min = 12, max = 200) String newPassword) {

        @Override
        public String toString() {
            return "PasswordReset[***]";
        }
    }

    /** Everyone changes their own password, proving they know the current one. */
    @PutMapping("/me/password")
    ResponseEntity<Void> changeOwnPassword(
            @CurrentActor Actor actor, @Valid @RequestBody PasswordChange change, HttpServletRequest request) {
        accounts.changeOwnPassword(actor, change.currentPassword(), change.newPassword(), request.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    /** Admins set a new password for another user. */
    @PutMapping("/{id}/password")
    ResponseEntity<Void> resetPassword(
            @CurrentActor Actor actor, @PathVariable long id, @Valid @RequestBody PasswordReset reset) {
        accounts.resetPassword(actor, id, reset.newPassword());
        return ResponseEntity.noContent().build();
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("only admins manage users");
        }
    }
}
