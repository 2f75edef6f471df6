package com.patchdesk.server.accounts;

import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes password guessing slow: failed sign-ins (form and HTTP Basic alike) are counted per account, per client
 * address and per account+address, and each count past its free allowance refuses further attempts of that key
 * for a delay that doubles with every failure. Refused attempts are not checked at all, so they cost no bcrypt.
 *
 * <p>Only the account+address pair is ever <em>locked</em> (after {@link Scope#ACCOUNT_ADDRESS}'s lock threshold,
 * for {@link #LOCK}): someone guessing an admin's password from elsewhere locks only themselves out, while the
 * account-wide delay stays capped at a minute. Locks expire by themselves and admins can clear any row early.
 * Counters live in the database so that every instance sees them and a restart does not reset them.
 */
@Service
public class SignInGuard {

    /** How long an account+address pair stays locked after {@link Scope#lockAfter} failures. */
    static final Duration LOCK = Duration.ofMinutes(15);
    /** Failures older than this are forgotten: the next one starts a fresh count. */
    static final Duration WINDOW = Duration.ofHours(1);
    /** Basic signs in on every call; a success is audited once per account+address in this interval. */
    static final Duration SUCCESS_AUDIT_INTERVAL = Duration.ofMinutes(15);

    /** What a count is kept for, with its free failures, the cap of its delay and (pairs only) its lock. */
    enum Scope {
        ACCOUNT(5, Duration.ofMinutes(1), 0),
        ADDRESS(20, Duration.ofMinutes(5), 0),
        ACCOUNT_ADDRESS(3, Duration.ofMinutes(1), 10);

        final int free;
        final Duration maxDelay;
        final int lockAfter;

        Scope(int free, Duration maxDelay, int lockAfter) {
            this.free = free;
            this.maxDelay = maxDelay;
            this.lockAfter = lockAfter;
        }

        /** The delay after the {@code failures}-th failure: none within the allowance, then 1 s, 2 s, 4 s ... */
        Duration delayAfter(int failures) {
            if (lockAfter > 0 && failures >= lockAfter) {
                return LOCK;
            }
            if (failures <= free) {
                return Duration.ZERO;
            }
            int doublings = Math.min(failures - free - 1, 20);
            Duration delay = Duration.ofSeconds(1L << doublings);
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }
    }

    /** Why an attempt is not even checked, and when to try again. */
    public record Refusal(Duration retryAfter, boolean locked) {}

    /** A row for the admins' view: who is slowed down or locked, and until when. */
    public record SignInBlock(
            long id,
            String scope,
            String subject,
            int failures,
            Instant lastFailureAt,
            Instant blockedUntil,
            boolean locked) {}

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    SignInGuard(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** The refusal of an attempt at {@code email} from {@code address}, if any key of it is blocked now. */
    public Optional<Refusal> refusal(String email, String address) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        boolean locked = false;
        for (Key key : keys(email, address)) {
            Optional<Row> row = find(key);
            if (row.isPresent()
                    && row.get().blockedUntil() != null
                    && row.get().blockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, row.get().blockedUntil());
                if (left.compareTo(longest) > 0) {
                    longest = left;
                }
                locked |= row.get().locked();
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(new Refusal(longest, locked));
    }

    /** Counts a wrong password (or unknown account) and audits it. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void failed(String email, String address, String method, Long userId) {
        Instant now = clock.instant();
        for (Key key : keys(email, address)) {
            countFailure(key, now);
        }
        List<FieldChange> fields = List.of(
                FieldChange.of("email", null, normalise(email)),
                FieldChange.of("address", null, address),
                FieldChange.of("method", null, method));
        if (userId != null) {
            audit.record(null, "user", userId, null, "sign-in failed", fields);
        } else {
            audit.record(null, "sign-in", 0, null, "sign-in failed", fields);
        }
    }

    /** Audits an attempt refused while its key was blocked (its password was not checked). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void refused(String email, String address, String method, Refusal refusal) {
        audit.record(
                null,
                "sign-in",
                0,
                null,
                refusal.locked() ? "sign-in locked" : "sign-in delayed",
                List.of(
                        FieldChange.of("email", null, normalise(email)),
                        FieldChange.of("address", null, address),
                        FieldChange.of("method", null, method),
                        FieldChange.of("retryAfter", null, refusal.retryAfter().toSeconds() + "s")));
    }

    /**
     * A correct password: the account's and the pair's counts start over (the address's does not, so that one
     * valid account does not launder guesses at others), and the sign-in is audited.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void succeeded(Actor actor, String address, String method) {
        Instant now = clock.instant();
        Key pair = new Key(Scope.ACCOUNT_ADDRESS, normalise(actor.email()) + " " + address);
        Optional<Row> before = find(pair);
        jdbc.sql("DELETE FROM sign_in_throttle WHERE scope = :scope AND subject = :subject")
                .param("scope", Scope.ACCOUNT.name())
                .param("subject", normalise(actor.email()))
                .update();
        boolean audited = before.map(Row::lastAuditedSuccessAt)
                .filter(at -> at.plus(SUCCESS_AUDIT_INTERVAL).isAfter(now) && !"form".equals(method))
                .isPresent();
        if (before.isPresent()) {
            jdbc.sql("""
                    UPDATE sign_in_throttle SET failures = 0, first_failure_at = NULL, blocked_until = NULL,
                           locked = FALSE, last_audited_success_at = :at WHERE id = :id""")
                    .param("at", UtcTimestamps.toSql(audited ? before.get().lastAuditedSuccessAt() : now))
                    .param("id", before.get().id())
                    .update();
        } else {
            insert(pair, 0, null, null, null, false, now);
        }
        if (!audited) {
            audit.record(
                    actor,
                    "user",
                    actor.userId(),
                    null,
                    "signed in",
                    List.of(FieldChange.of("address", null, address), FieldChange.of("method", null, method)));
        }
    }

    /** Keys slowed down or locked now, longest first, for admins. */
    public List<SignInBlock> blocks(Actor admin) {
        requireAdmin(admin);
        return jdbc.sql("""
                SELECT * FROM sign_in_throttle WHERE blocked_until > :now ORDER BY blocked_until DESC""")
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .query((rs, n) -> new SignInBlock(
                        rs.getLong("id"),
                        rs.getString("scope"),
                        rs.getString("subject"),
                        rs.getInt("failures"),
                        UtcTimestamps.read(rs, "last_failure_at"),
                        UtcTimestamps.read(rs, "blocked_until"),
                        rs.getBoolean("locked")))
                .list();
    }

    /** Lifts a delay or lock at once and forgets its failures; audited. */
    @Transactional
    public boolean clear(Actor admin, long id) {
        requireAdmin(admin);
        Optional<String> subject = jdbc.sql("SELECT subject FROM sign_in_throttle WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .optional();
        if (subject.isEmpty()) {
            return false;
        }
        jdbc.sql("""
                UPDATE sign_in_throttle SET failures = 0, first_failure_at = NULL, blocked_until = NULL,
                       locked = FALSE WHERE id = :id""").param("id", id).update();
        audit.record(
                admin,
                "sign-in",
                id,
                null,
                "sign-in lock cleared",
                List.of(FieldChange.of("subject", subject.get(), null)));
        return true;
    }

    private void countFailure(Key key, Instant now) {
        Optional<Row> row = find(key);
        if (row.isEmpty()) {
            try {
                insert(key, 1, now, now, blockedUntil(key.scope(), 1, now), locked(key.scope(), 1), null);
                return;
            } catch (DuplicateKeyException raced) {
                row = find(key);
            }
        }
        Row current = row.orElseThrow();
        boolean stale = current.lastFailureAt() == null
                || current.lastFailureAt().plus(WINDOW).isBefore(now);
        int failures = stale ? 1 : current.failures() + 1;
        jdbc.sql("""
                UPDATE sign_in_throttle SET failures = :failures, first_failure_at = :first, last_failure_at = :now,
                       blocked_until = :until, locked = :locked WHERE id = :id""")
                .param("failures", failures)
                .param("first", UtcTimestamps.toSql(stale ? now : current.firstFailureAt()))
                .param("now", UtcTimestamps.toSql(now))
                .param("until", toSql(blockedUntil(key.scope(), failures, now)))
                .param("locked", locked(key.scope(), failures))
                .param("id", current.id())
                .update();
    }

    private static Instant blockedUntil(Scope scope, int failures, Instant now) {
        Duration delay = scope.delayAfter(failures);
        return delay.isZero() ? null : now.plus(delay);
    }

    private static boolean locked(Scope scope, int failures) {
        return scope.lockAfter > 0 && failures >= scope.lockAfter;
    }

    private void insert(
            Key key, int failures, Instant first, Instant last, Instant until, boolean locked, Instant auditedSuccess) {
        jdbc.sql("""
                INSERT INTO sign_in_throttle (scope, subject, failures, first_failure_at, last_failure_at,
                                              blocked_until, locked, last_audited_success_at)
                VALUES (:scope, :subject, :failures, :first, :last, :until, :locked, :success)""")
                .param("scope", key.scope().name())
                .param("subject", key.subject())
                .param("failures", failures)
                .param("first", toSql(first))
                .param("last", toSql(last))
                .param("until", toSql(until))
                .param("locked", locked)
                .param("success", toSql(auditedSuccess))
                .update();
    }

    private Optional<Row> find(Key key) {
        return jdbc.sql("SELECT * FROM sign_in_throttle WHERE scope = :scope AND subject = :subject")
                .param("scope", key.scope().name())
                .param("subject", key.subject())
                .query(SignInGuard::row)
                .optional();
    }

    private static List<Key> keys(String email, String address) {
        String account = normalise(email);
        return List.of(
                new Key(Scope.ACCOUNT, account),
                new Key(Scope.ADDRESS, address),
                new Key(Scope.ACCOUNT_ADDRESS, account + " " + address));
    }

    private static String normalise(String email) {
        String account = email == null ? "" : UserAccounts.normaliseEmail(email);
        // Subjects are capped like the column; an over-long "e-mail" is counted under its first 320 characters.
        return account.length() > 320 ? account.substring(0, 320) : account;
    }

    private static java.time.OffsetDateTime toSql(Instant instant) {
        return instant == null ? null : UtcTimestamps.toSql(instant);
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("only admins manage sign-in locks");
        }
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(
                rs.getLong("id"),
                rs.getInt("failures"),
                UtcTimestamps.read(rs, "first_failure_at"),
                UtcTimestamps.read(rs, "last_failure_at"),
                UtcTimestamps.read(rs, "blocked_until"),
                rs.getBoolean("locked"),
                UtcTimestamps.read(rs, "last_audited_success_at"));
    }

    private record Key(Scope scope, String subject) {}

    private record Row(
            long id,
            int failures,
            Instant firstFailureAt,
            Instant lastFailureAt,
            Instant blockedUntil,
            boolean locked,
            Instant lastAuditedSuccessAt) {}
}
