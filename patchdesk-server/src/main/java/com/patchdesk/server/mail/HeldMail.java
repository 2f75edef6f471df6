package com.patchdesk.server.mail;

import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Received mail that claims to come from a customer but did not pass the sender check ({@code held_mail}): kept
 * whole, on no case, until staff accept or reject it.
 */
@Repository
public class HeldMail {

    private final JdbcClient jdbc;

    HeldMail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What staff decided; null while undecided. */
    public enum Decision {
        ACCEPTED,
        REJECTED
    }

    /** A held mail as staff see it listed (without the message itself). */
    public record Held(
            long id,
            String identity,
            Long organisationId,
            String from,
            String subject,
            String reason,
            Instant heldAt,
            Decision decision,
            Long decidedBy,
            Instant decidedAt,
            String decisionNote,
            Long mailId) {}

    /**
     * Holds a mail; one already held fails with {@code DuplicateKeyException}.
     *
     * @param organisationId the organisation the sender speaks for; null for a staff address
     */
    long hold(InboundMail mail, Long organisationId, String reason, byte[] raw, Instant at) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO held_mail (identity, organisation_id, from_address, subject, reason, raw_message, held_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(
                        mail.identity(),
                        organisationId,
                        mail.fromAddress(),
                        cut(mail.subject(), 1000),
                        cut(reason, 2000),
                        raw,
                        UtcTimestamps.toSql(at))
                .update(key, "id");
        return Objects.requireNonNull(key.getKey(), "generated id").longValue();
    }

    boolean holds(String identity) {
        return jdbc.sql("SELECT COUNT(*) FROM held_mail WHERE identity = ?")
                        .param(identity)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Undecided mail first (oldest first), then the latest decisions. */
    List<Held> list(int limit) {
        return jdbc.sql("""
                SELECT * FROM held_mail
                 ORDER BY CASE WHEN decision IS NULL THEN 0 ELSE 1 END,
                          CASE WHEN decision IS NULL THEN held_at END, decided_at DESC, id DESC
                 FETCH FIRST %d ROWS ONLY""".formatted(limit)).query(HeldMail::row).list();
    }

    Optional<Held> find(long id) {
        return jdbc.sql("SELECT * FROM held_mail WHERE id = ?")
                .param(id)
                .query(HeldMail::row)
                .optional();
    }

    /** The kept message, for taking it in. */
    byte[] raw(long id) {
        return jdbc.sql("SELECT raw_message FROM held_mail WHERE id = ?")
                .param(id)
                .query((rs, row) -> rs.getBytes(1))
                .single();
    }

    /** Records a decision on an undecided mail; false when someone decided first. */
    boolean decide(long id, Decision decision, long staffId, String note, Long mailId, Instant at) {
        return jdbc.sql("""
                UPDATE held_mail SET decision = ?, decided_by = ?, decision_note = ?, mail_message_id = ?, decided_at = ?
                 WHERE id = ? AND decision IS NULL
                """)
                        .params(decision.name(), staffId, cut(note, 2000), mailId, UtcTimestamps.toSql(at), id)
                        .update()
                == 1;
    }

    private static Held row(ResultSet rs, int rowNum) throws SQLException {
        String decision = rs.getString("decision");
        return new Held(
                rs.getLong("id"),
                rs.getString("identity"),
                rs.getObject("organisation_id", Long.class),
                rs.getString("from_address"),
                rs.getString("subject"),
                rs.getString("reason"),
                UtcTimestamps.read(rs, "held_at"),
                decision == null ? null : Decision.valueOf(decision),
                rs.getObject("decided_by", Long.class),
                UtcTimestamps.read(rs, "decided_at"),
                rs.getString("decision_note"),
                rs.getObject("mail_message_id", Long.class));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
