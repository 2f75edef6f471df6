package com.patchdesk.server.accounts;

import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Self-service password resets. A link's token is {@code <row id>.<secret>}: the secret is 256 bits from
 * {@link SecureRandom}; only its SHA-256 is stored and it is compared in constant time. The row id only says which
 * row to compare with, so guessing ids gains nothing. A token works once, for {@link #VALID_FOR}; asking again
 * keeps earlier links valid until they expire (a mail may arrive late), using one ends all of them.
 */
@Service
public class PasswordResets {

    public static final Duration VALID_FOR = Duration.ofHours(1);
    /** The most reset mails one account is sent in an hour, however often someone asks. */
    public static final int MAILS_PER_HOUR = 3;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Hashed when the token names no row, so a wrong id costs the same work as a wrong secret. */
    private static final String NO_SUCH_TOKEN = hash("no such token");

    private final JdbcClient jdbc;
    private final UserAccounts accounts;
    private final Clock clock;

    PasswordResets(JdbcClient jdbc, UserAccounts accounts, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A reset to mail: whom to, in which language, and the token for the link (shown nowhere else). */
    public record Issued(String email, String displayName, java.util.Locale locale, String token) {

        @Override
        public String toString() {
            return "Issued[" + email + ", ***]";
        }
    }

    /** A reset for the enabled account with this address; empty for unknown or disabled addresses. */
    @Transactional
    public Optional<Issued> issue(String email) {
        Optional<Actor> user = accounts.actorByEmail(email);
        if (user.isEmpty() || mailedEnough(user.get().userId())) {
            return Optional.empty();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO password_reset_tokens (user_id, token_hash, created_at, expires_at)
                VALUES (:user, :hash, :now, :expires)""")
                .param("user", user.get().userId())
                .param("hash", hash(secret))
                .param("now", UtcTimestamps.toSql(now))
                .param("expires", UtcTimestamps.toSql(now.plus(VALID_FOR)))
                .update(keys, "id");
        Actor actor = user.get();
        return Optional.of(new Issued(
                actor.email(), actor.displayName(), actor.locale(), keys.getKeyAs(Long.class) + "." + secret));
    }

    /**
     * Whether the account was sent {@link #MAILS_PER_HOUR} links in the last hour: anyone may ask, as often as they
     * like, so without a bound a script fills the owner's mailbox. Counted under a lock of the account's row, so that
     * requests at the same moment are counted one after the other, on every instance.
     */
    private boolean mailedEnough(long userId) {
        jdbc.sql("SELECT id FROM users WHERE id = :user FOR UPDATE")
                .param("user", userId)
                .query(Long.class)
                .list();
        long lastHour = jdbc.sql("""
                SELECT COUNT(*) FROM password_reset_tokens WHERE user_id = :user AND created_at > :since""")
                .param("user", userId)
                .param("since", UtcTimestamps.toSql(clock.instant().minus(Duration.ofHours(1))))
                .query(Long.class)
                .single();
        return lastHour >= MAILS_PER_HOUR;
    }

    /** Whether the token would be accepted now, so the reset page can say "expired" before anyone types. */
    public boolean usable(String token) {
        return valid(token).isPresent();
    }

    /**
     * Sets the new password when the token is valid, and ends every reset link of that user.
     *
     * @return false when the token is wrong, used or expired (one answer for all three)
     */
    @Transactional
    public boolean reset(String token, String newPassword) {
        if (newPassword == null || newPassword.length() < 12 || newPassword.length() > 200) {
            throw new InvalidInputException("newPassword", "a password has 12 to 200 characters");
        }
        Optional<Long> user = valid(token);
        if (user.isEmpty()) {
            return false;
        }
        int used = jdbc.sql("""
                UPDATE password_reset_tokens SET used_at = :now WHERE user_id = :user AND used_at IS NULL""")
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .param("user", user.get())
                .update();
        if (used == 0) {
            // Another request used a link of this user a moment ago.
            return false;
        }
        return accounts.setPasswordByReset(user.get(), newPassword);
    }

    /** The user of a valid token: right secret, unused, unexpired, enabled account. */
    private Optional<Long> valid(String token) {
        long id = -1;
        String secret = "";
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot > 0) {
            try {
                id = Long.parseLong(token.substring(0, dot));
                secret = token.substring(dot + 1);
            } catch (NumberFormatException e) {
                id = -1;
            }
        }
        Optional<Row> row = jdbc.sql("""
                SELECT user_id, token_hash, expires_at, used_at FROM password_reset_tokens WHERE id = :id""")
                .param("id", id)
                .query((rs, n) -> new Row(
                        rs.getLong("user_id"),
                        rs.getString("token_hash"),
                        UtcTimestamps.read(rs, "expires_at"),
                        UtcTimestamps.read(rs, "used_at")))
                .optional();
        boolean matches = MessageDigest.isEqual(
                hash(secret).getBytes(StandardCharsets.US_ASCII),
                row.map(Row::tokenHash).orElse(NO_SUCH_TOKEN).getBytes(StandardCharsets.US_ASCII));
        Instant now = clock.instant();
        boolean usable = matches
                & row.isPresent()
                & row.map(r -> r.usedAt() == null && r.expiresAt().isAfter(now)).orElse(false);
        return usable ? row.map(Row::userId).filter(accounts::isEnabled) : Optional.empty();
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Row(long userId, String tokenHash, Instant expiresAt, Instant usedAt) {}
}
