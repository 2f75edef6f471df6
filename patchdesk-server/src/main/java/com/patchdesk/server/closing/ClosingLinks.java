package com.patchdesk.server.closing;

import com.patchdesk.server.config.SecretToken;
import com.patchdesk.server.config.UtcTimestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The single-use links of the closing mails. The token (256 bits, {@link SecretToken}) is in the mail only; the row
 * keeps its SHA-256. A link's URL is {@code /c/<id>.<token>}: the id finds the row, the token is then compared in
 * constant time, so a wrong token and a missing link cost the same work and give the same answer.
 */
@Repository
class ClosingLinks {

    /** Compared against when the id does not exist, so a missing link costs the same as a wrong token. */
    private static final String NO_SUCH_LINK = SecretToken.hash("no such link");

    private final JdbcClient jdbc;
    private final Clock clock;

    ClosingLinks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A link that is usable: right token, not used, not expired. */
    record Link(long id, long caseId, LinkPurpose purpose, Instant createdAt) {}

    /** Creates a link; the returned reference ({@code <id>.<token>}) is the only time the token exists in clear. */
    String issue(long caseId, LinkPurpose purpose, List<String> recipients, Duration validFor) {
        String token = SecretToken.generate();
        Instant now = clock.instant();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO closing_links (case_id, purpose, token_hash, recipients, created_at, expires_at)
                VALUES (:case, :purpose, :hash, :recipients, :now, :expires)""")
                .param("case", caseId)
                .param("purpose", purpose.name())
                .param("hash", SecretToken.hash(token))
                .param("recipients", String.join(", ", recipients))
                .param("now", UtcTimestamps.toSql(now))
                .param("expires", UtcTimestamps.toSql(now.plus(validFor)))
                .update(keys, "id");
        return keys.getKeyAs(Long.class) + "." + token;
    }

    /** The link behind a reference from a mail, when it is still usable. */
    Optional<Link> usable(String reference) {
        long id = -1;
        String token = "";
        int dot = reference == null ? -1 : reference.indexOf('.');
        if (dot > 0) {
            try {
                id = Long.parseLong(reference.substring(0, dot));
                token = reference.substring(dot + 1);
            } catch (NumberFormatException e) {
                id = -1;
            }
        }
        record Row(Link link, String hash, Instant expiresAt, Instant usedAt) {}
        Optional<Row> row = jdbc.sql("SELECT * FROM closing_links WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new Row(
                        new Link(
                                rs.getLong("id"),
                                rs.getLong("case_id"),
                                LinkPurpose.valueOf(rs.getString("purpose")),
                                UtcTimestamps.read(rs, "created_at")),
                        rs.getString("token_hash"),
                        UtcTimestamps.read(rs, "expires_at"),
                        UtcTimestamps.read(rs, "used_at")))
                .optional();
        boolean matches = SecretToken.matches(token, row.map(Row::hash).orElse(NO_SUCH_LINK));
        Instant now = clock.instant();
        return row.filter(r -> matches && r.usedAt() == null && r.expiresAt().isAfter(now))
                .map(Row::link);
    }

    /** Marks the link used; false when another request used it first (the caller's transaction then rolls back). */
    boolean use(long id) {
        return jdbc.sql("UPDATE closing_links SET used_at = :now WHERE id = :id AND used_at IS NULL")
                        .param("now", UtcTimestamps.toSql(clock.instant()))
                        .param("id", id)
                        .update()
                == 1;
    }

    /** Ends every unused link of a purpose on a case, e.g. the confirmation links when the case is reopened. */
    void retire(long caseId, LinkPurpose purpose) {
        jdbc.sql("""
                UPDATE closing_links SET used_at = :now
                WHERE case_id = :case AND purpose = :purpose AND used_at IS NULL""")
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .param("case", caseId)
                .param("purpose", purpose.name())
                .update();
    }
}
