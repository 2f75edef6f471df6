package com.patchdesk.server.accounts;

import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.ResourceNotFoundException;
import com.patchdesk.server.problems.TooManyAttemptsException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** User accounts. Emails are compared case-insensitively (stored lower-case). */
@Service
public class UserAccounts {

    /** How the sign-in guard's records name a current-password check. */
    private static final String PASSWORD_CHANGE = "password-change";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Organisations organisations;
    private final AuditTrail audit;
    private final Clock clock;
    private final SignInGuard guard;

    UserAccounts(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            Organisations organisations,
            AuditTrail audit,
            Clock clock,
            SignInGuard guard) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.passwords = passwords;
        this.organisations = organisations;
        this.audit = audit;
        this.clock = clock;
    }

    /** Admins create every kind of account. */
    @Transactional
    public UserAccount create(Actor admin, NewUser user) {
        if (!admin.isAdmin()) {
            throw new AccessDeniedException("only admins manage users");
        }
        return insert(admin, user);
    }

    /** First start only: the bootstrap admin, created with nobody signed in. */
    @Transactional
    UserAccount createBootstrapAdmin(String email, String password) {
        return insert(null, new NewUser(email, "Administrator", password, Role.ADMIN, null, "en"));
    }

    public List<UserAccount> list() {
        return jdbc.sql("SELECT * FROM users ORDER BY email")
                .query(UserAccounts::row)
                .list();
    }

    public Optional<UserAccount> find(long id) {
        return jdbc.sql("SELECT * FROM users WHERE id = :id")
                .param("id", id)
                .query(UserAccounts::row)
                .optional();
    }

    /** The enabled user with this address as an {@link Actor}, e.g. to attribute inbound mail to its sender. */
    public Optional<Actor> actorByEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM users WHERE email = :email AND enabled")
                .param("email", normaliseEmail(email))
                .query(UserAccounts::row)
                .optional()
                .map(UserAccounts::actorOf);
    }

    /** Changes whether a user may sign in; disabling is how accounts are retired (never deleted). */
    @Transactional
    public UserAccount setEnabled(Actor admin, long userId, boolean enabled) {
        if (!admin.isAdmin()) {
            throw new AccessDeniedException("only admins manage users");
        }
        UserAccount before = find(userId)
                .orElseThrow(
                        () -> new ResourceNotFoundException(Reason.of("problem.user.none", String.valueOf(userId))));
        if (before.id() == admin.userId() && !enabled) {
            throw new InvalidInputException("enabled", Reason.of("problem.account.disableSelf"));
        }
        jdbc.sql("UPDATE users SET enabled = :enabled WHERE id = :id")
                .param("enabled", enabled)
                .param("id", userId)
                .update();
        audit.record(
                admin, "user", userId, null, "updated", List.of(FieldChange.of("enabled", before.enabled(), enabled)));
        return find(userId).orElseThrow();
    }

    /**
     * A user changes their own password; the current one must be given, so that a session left open on a shared
     * desk is not enough to take the account over. Its check is a sign-in by other means, so it counts and is slowed
     * down with the sign-ins ({@link SignInGuard}, from {@code address}): whoever holds a stolen session or token
     * guesses no faster here than at the sign-in form, and a refused attempt is not checked at all.
     */
    @Transactional
    public void changeOwnPassword(Actor actor, String currentPassword, String newPassword, String address) {
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE id = :id AND enabled")
                .param("id", actor.userId())
                .query(String.class)
                .optional()
                .orElseThrow(() ->
                        new ResourceNotFoundException(Reason.of("problem.user.none", String.valueOf(actor.userId()))));
        var refusal = guard.refusal(actor.email(), address);
        if (refusal.isPresent()) {
            guard.refused(actor.email(), address, PASSWORD_CHANGE, refusal.get());
            Duration wait = refusal.get().retryAfter();
            throw new TooManyAttemptsException(
                    Reason.of("problem.password.tooManyAttempts", TooManyAttemptsException.seconds(wait)), wait);
        }
        if (!passwords.matches(currentPassword, hash)) {
            GuardedSignIn.onceMoreIfRaced(() -> guard.failed(actor.email(), address, PASSWORD_CHANGE, actor.userId()));
            throw new InvalidInputException("currentPassword", Reason.of("problem.password.currentWrong"));
        }
        // The right password, as a sign-in's: the account's earlier wrong guesses no longer count against it.
        GuardedSignIn.onceMoreIfRaced(() -> guard.succeeded(actor, address, PASSWORD_CHANGE));
        if (passwords.matches(newPassword, hash)) {
            throw new InvalidInputException("newPassword", Reason.of("problem.password.same"));
        }
        PasswordPolicy.check("newPassword", newPassword, actor.email(), actor.displayName());
        storePassword(actor, actor.userId(), newPassword);
    }

    /** Admins set a new password for someone who lost theirs; they tell it to the user out of band. */
    @Transactional
    public void resetPassword(Actor admin, long userId, String newPassword) {
        if (!admin.isAdmin()) {
            throw new AccessDeniedException("only admins manage users");
        }
        UserAccount user = find(userId)
                .orElseThrow(
                        () -> new ResourceNotFoundException(Reason.of("problem.user.none", String.valueOf(userId))));
        PasswordPolicy.check("password", newPassword, user.email(), user.displayName());
        storePassword(admin, userId, newPassword);
    }

    /** The forgotten-password path: {@link PasswordResets} checked the mailed token; false if the user is disabled. */
    boolean setPasswordByReset(long userId, String newPassword) {
        if (!isEnabled(userId)) {
            return false;
        }
        storePassword(null, userId, newPassword);
        return true;
    }

    boolean isEnabled(long userId) {
        return activePasswordHash(userId).isPresent();
    }

    private void storePassword(Actor actor, long userId, String newPassword) {
        jdbc.sql("UPDATE users SET password_hash = :hash WHERE id = :id")
                .param("hash", passwords.encode(newPassword))
                .param("id", userId)
                .update();
        // The audit says that the password changed and who changed it, never a hash.
        audit.record(actor, "user", userId, null, "password changed", List.of());
    }

    /** The password hash of an enabled user; empty when the user is disabled or gone. */
    Optional<String> activePasswordHash(long userId) {
        return jdbc.sql("SELECT password_hash FROM users WHERE id = :id AND enabled")
                .param("id", userId)
                .query(String.class)
                .optional();
    }

    boolean anyUserExists() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single() > 0;
    }

    Optional<DeskPrincipal> principalByEmail(String email) {
        return jdbc.sql("SELECT * FROM users WHERE email = :email")
                .param("email", normaliseEmail(email))
                .query((rs, n) ->
                        new DeskPrincipal(actorOf(row(rs, n)), rs.getString("password_hash"), rs.getBoolean("enabled")))
                .optional();
    }

    static Actor actorOf(UserAccount user) {
        return new Actor(
                user.id(),
                user.email(),
                user.displayName(),
                user.role(),
                user.organisationId(),
                DeskLocale.parse(user.locale()));
    }

    private UserAccount insert(Actor admin, NewUser user) {
        String locale = DeskLocale.tag(parseLocale(user.locale()));
        if (user.role() == Role.CUSTOMER) {
            if (user.organisationId() == null) {
                throw new InvalidInputException(
                        "organisationId", Reason.of("problem.account.customerNeedsOrganisation"));
            }
            if (organisations.find(user.organisationId()).isEmpty()) {
                throw new InvalidInputException(
                        "organisationId",
                        Reason.of("problem.organisation.none", String.valueOf(user.organisationId())));
            }
        } else if (user.organisationId() != null) {
            throw new InvalidInputException("organisationId", Reason.of("problem.account.staffNoOrganisation"));
        }
        if (admin != null) {
            // The bootstrap admin's password is the operator's (or generated); every account made later is checked.
            PasswordPolicy.check("password", user.password(), user.email(), user.displayName());
        }
        String email = normaliseEmail(user.email());
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                    INSERT INTO users (email, display_name, password_hash, role, organisation_id, locale, enabled,
                                       created_at)
                    VALUES (:email, :name, :hash, :role, :org, :locale, TRUE, :at)""")
                    .param("email", email)
                    .param("name", user.displayName().strip())
                    .param("hash", passwords.encode(user.password()))
                    .param("role", user.role().name())
                    .param("org", user.organisationId())
                    .param("locale", locale)
                    .param("at", UtcTimestamps.toSql(clock.instant()))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException("email", Reason.of("problem.account.emailTaken"));
        }
        long id = keys.getKeyAs(Long.class);
        audit.record(
                admin,
                "user",
                id,
                null,
                "created",
                List.of(
                        FieldChange.of("email", null, email),
                        FieldChange.of("role", null, user.role()),
                        FieldChange.of("organisationId", null, user.organisationId())));
        return find(id).orElseThrow();
    }

    private static Locale parseLocale(String tag) {
        if (tag == null) {
            return DeskLocale.CHINESE;
        }
        try {
            return DeskLocale.parse(tag);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("locale", Reason.of("problem.account.locale", tag));
        }
    }

    static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    static UserAccount row(ResultSet rs, int rowNum) throws SQLException {
        return new UserAccount(
                rs.getLong("id"),
                rs.getString("email"),
                rs.getString("display_name"),
                Role.valueOf(rs.getString("role")),
                rs.getObject("organisation_id", Long.class),
                rs.getString("locale"),
                rs.getBoolean("enabled"),
                UtcTimestamps.read(rs, "created_at"));
    }
}
