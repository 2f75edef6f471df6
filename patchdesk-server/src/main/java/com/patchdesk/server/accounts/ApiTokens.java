package com.patchdesk.server.accounts;

import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens: 256 random bits from {@link SecureRandom}, shown once and kept only as their SHA-256, so a
 * call costs one indexed lookup instead of a bcrypt check. A token is read-only or read-write, expires, and is
 * revocable by its owner; creating and revoking are audited. (A fast hash is enough here: unlike a password, the
 * token has 256 bits of entropy, so its hash cannot be brute-forced.)
 */
@Service
public class ApiTokens {

    /** Tokens start with this, so that secret scanners and people recognise one. */
    static final String PREFIX = "pdk_";

    static final Duration LONGEST = Duration.ofDays(366);
    /** A token's last use is written at most this often, so reading calls do not each write a row. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(5);

    public enum Scope {
        READ,
        WRITE
    }

    /** A token as listed: never its secret. */
    public record TokenInfo(
            long id,
            String name,
            Scope scope,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt) {

        public boolean active(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    /** A token just created: {@code token} is the only time its secret is seen. */
    public record CreatedToken(TokenInfo info, String token) {}

    /** Who a valid token signs in, and what it may do. */
    record TokenUse(DeskPrincipal principal, long tokenId, Scope scope) {}

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public CreatedToken create(Actor owner, String name, Scope scope, Duration validFor) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100) {
            throw new InvalidInputException("name", "give the token a name of 1 to 100 characters");
        }
        if (scope == null) {
            throw new InvalidInputException("scope", "READ or WRITE");
        }
        if (validFor == null || validFor.isNegative() || validFor.isZero() || validFor.compareTo(LONGEST) > 0) {
            throw new InvalidInputException("validDays", "a token is valid for 1 to 366 days");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at, expires_at)
                VALUES (:user, :name, :hash, :scope, :at, :expires)""")
                .param("user", owner.userId())
                .param("name", label)
                .param("hash", hash(token))
                .param("scope", scope.name())
                .param("at", UtcTimestamps.toSql(now))
                .param("expires", UtcTimestamps.toSql(now.plus(validFor)))
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        audit.record(
                owner,
                "api-token",
                id,
                null,
                "created",
                List.of(
                        FieldChange.of("name", null, label),
                        FieldChange.of("scope", null, scope),
                        FieldChange.of("expiresAt", null, now.plus(validFor))));
        return new CreatedToken(find(owner, id).orElseThrow(), token);
    }

    public List<TokenInfo> list(Actor owner) {
        return jdbc.sql("SELECT * FROM api_tokens WHERE user_id = :user ORDER BY created_at DESC, id DESC")
                .param("user", owner.userId())
                .query((rs, n) -> info(rs))
                .list();
    }

    /** Revokes one of the owner's tokens (someone else's is "not found"); revoking twice changes nothing. */
    @Transactional
    public TokenInfo revoke(Actor owner, long id) {
        TokenInfo token = find(owner, id).orElseThrow(() -> new ResourceNotFoundException("no token " + id));
        if (token.revokedAt() == null) {
            Instant now = clock.instant();
            jdbc.sql("UPDATE api_tokens SET revoked_at = :at WHERE id = :id")
                    .param("at", UtcTimestamps.toSql(now))
                    .param("id", id)
                    .update();
            audit.record(owner, "api-token", id, null, "revoked", List.of(FieldChange.of("revokedAt", null, now)));
        }
        return find(owner, id).orElseThrow();
    }

    /** The enabled user and scope of an active token; empty for an unknown, expired or revoked one. */
    Optional<TokenUse> use(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(token);
        Instant now = clock.instant();
        Optional<Found> found = jdbc.sql("""
                SELECT u.*, t.id AS token_id, t.token_hash, t.scope, t.expires_at, t.revoked_at, t.last_used_at
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = :hash AND u.enabled""")
                .param("hash", hash)
                .query((rs, n) -> {
                    // The index found the row by hash; the comparison that decides is constant-time anyway.
                    boolean same = MessageDigest.isEqual(
                            hash.getBytes(StandardCharsets.US_ASCII),
                            rs.getString("token_hash").getBytes(StandardCharsets.US_ASCII));
                    Instant expires = UtcTimestamps.read(rs, "expires_at");
                    if (!same || rs.getObject("revoked_at") != null || !expires.isAfter(now)) {
                        return null;
                    }
                    long tokenId = rs.getLong("token_id");
                    UserAccount user = UserAccounts.row(rs, n);
                    return new Found(
                            new TokenUse(
                                    new DeskPrincipal(UserAccounts.actorOf(user), rs.getString("password_hash"), true),
                                    tokenId,
                                    Scope.valueOf(rs.getString("scope"))),
                            UtcTimestamps.read(rs, "last_used_at"));
                })
                .optional();
        // Written after the query has given its connection back: writing from inside the row mapper took a second
        // connection while holding the first, and 20 clients' first calls at once held all ten of the pool and
        // waited for each other until Hikari's 30 s timeout (the load test, bench/load-test.sh, found it).
        found.filter(f -> f.lastUsed() == null
                        || f.lastUsed().plus(LAST_USED_PRECISION).isBefore(now))
                .ifPresent(f -> touch(f.use().tokenId(), now));
        return found.map(Found::use);
    }

    private record Found(TokenUse use, Instant lastUsed) {}

    /** Records the use; a no-op when a concurrent call of the same token recorded it within the precision. */
    private void touch(long tokenId, Instant now) {
        jdbc.sql("UPDATE api_tokens SET last_used_at = :at WHERE id = :id"
                        + " AND (last_used_at IS NULL OR last_used_at < :stale)")
                .param("at", UtcTimestamps.toSql(now))
                .param("id", tokenId)
                .param("stale", UtcTimestamps.toSql(now.minus(LAST_USED_PRECISION)))
                .update();
    }

    private Optional<TokenInfo> find(Actor owner, long id) {
        return jdbc.sql("SELECT * FROM api_tokens WHERE id = :id AND user_id = :user")
                .param("id", id)
                .param("user", owner.userId())
                .query((rs, n) -> info(rs))
                .optional();
    }

    private static TokenInfo info(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TokenInfo(
                rs.getLong("id"),
                rs.getString("name"),
                Scope.valueOf(rs.getString("scope")),
                UtcTimestamps.read(rs, "created_at"),
                UtcTimestamps.read(rs, "expires_at"),
                UtcTimestamps.read(rs, "revoked_at"),
                UtcTimestamps.read(rs, "last_used_at"));
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
