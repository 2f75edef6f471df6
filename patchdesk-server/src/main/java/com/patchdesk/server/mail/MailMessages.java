package com.patchdesk.server.mail;

import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Mail stored on cases ({@code mail_messages}) and the outbound queue ({@code mail_outbox}). */
@Repository
class MailMessages {

    /** References keeps the thread's first id and the most recent ones (RFC 5322 section 3.6.4 allows trimming). */
    private static final int MAX_REFERENCES = 20;

    private static final String SELECT_STORED = """
            SELECT m.*, o.attempts, o.last_error, o.abandoned_at, o.mail_message_id AS queued
              FROM mail_messages m LEFT JOIN mail_outbox o ON o.mail_message_id = m.id
            """;

    private final JdbcClient jdbc;

    MailMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a mail; a mail whose identity is already stored fails with {@code DuplicateKeyException}. */
    long insert(NewMail mail) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO mail_messages (identity, message_id, case_id, direction, from_address, from_name,
                    to_addresses, subject, body_text, body_html, in_reply_to, references_header, sent_at,
                    recorded_at, thread_match, parse_notes, automated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(
                        mail.identity(),
                        mail.messageId(),
                        mail.caseId(),
                        mail.direction().name(),
                        mail.fromAddress(),
                        cut(mail.fromName(), 300),
                        cut(String.join(", ", mail.to()), 4000),
                        mail.subject(),
                        mail.text(),
                        mail.html(),
                        mail.inReplyTo(),
                        cut(mail.references(), 4000),
                        UtcTimestamps.toSql(mail.sentAt()),
                        UtcTimestamps.toSql(mail.recordedAt()),
                        mail.threadMatch() == null ? null : mail.threadMatch().name(),
                        mail.notes().isEmpty() ? null : cut(String.join("\n", mail.notes()), 4000),
                        mail.automated())
                .update(key, "id");
        return Objects.requireNonNull(key.getKey(), "generated id").longValue();
    }

    boolean holds(String identity) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_messages WHERE identity = ?")
                        .param(identity)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Moves every mail of one case to another (whose thread is open); returns how many moved. */
    int move(long fromCaseId, long toCaseId) {
        return jdbc.sql("UPDATE mail_messages SET case_id = ? WHERE case_id = ?")
                .params(toCaseId, fromCaseId)
                .update();
    }

    Optional<Long> caseOfMessage(String messageId) {
        return jdbc.sql("SELECT case_id FROM mail_messages WHERE message_id = ?")
                .param(messageId)
                .query(Long.class)
                .optional();
    }

    /** Marks a received mail as the customer's consent to close; false when it already was. */
    boolean linkConsent(long mailId, long entryId) {
        return jdbc.sql("UPDATE mail_messages SET consent_entry_id = ? WHERE id = ? AND consent_entry_id IS NULL")
                        .params(entryId, mailId)
                        .update()
                == 1;
    }

    /**
     * Who wrote the case's latest received mail that a person sent: the default recipient of the next reply (a bounce
     * that joined the thread is no one to answer).
     */
    Optional<String> latestSender(long caseId) {
        return jdbc.sql("""
                SELECT from_address FROM mail_messages WHERE case_id = ? AND direction = 'IN' AND automated = FALSE
                 ORDER BY recorded_at DESC, id DESC
                 FETCH FIRST 1 ROWS ONLY
                """).param(caseId).query(String.class).optional();
    }

    void linkEntry(long mailId, long entryId) {
        jdbc.sql("UPDATE mail_messages SET entry_id = ? WHERE id = ?")
                .params(entryId, mailId)
                .update();
    }

    /**
     * In-Reply-To and References for the next mail on a case: it answers the case's latest mail that has a
     * Message-ID, and carries that mail's references plus its id.
     */
    Threading threadingFor(long caseId) {
        return jdbc
                .sql("""
                SELECT message_id, references_header FROM mail_messages
                 WHERE case_id = ? AND message_id IS NOT NULL
                 ORDER BY recorded_at DESC, id DESC
                 FETCH FIRST 1 ROWS ONLY
                """)
                .param(caseId)
                .query((rs, row) -> new Threading(
                        rs.getString("message_id"),
                        references(rs.getString("references_header"), rs.getString("message_id"))))
                .stream()
                .findFirst()
                .orElse(new Threading(null, null));
    }

    /** Threading headers of a new mail; both null for the first mail of a case. */
    record Threading(String inReplyTo, String references) {}

    private static String references(String parentReferences, String parentId) {
        List<String> ids = new ArrayList<>();
        if (parentReferences != null) {
            ids.addAll(Arrays.stream(parentReferences.split("\\s+"))
                    .filter(id -> !id.isBlank())
                    .toList());
        }
        ids.add(parentId);
        if (ids.size() > MAX_REFERENCES) {
            List<String> trimmed = new ArrayList<>();
            trimmed.add(ids.get(0));
            trimmed.addAll(ids.subList(ids.size() - (MAX_REFERENCES - 1), ids.size()));
            ids = trimmed;
        }
        return String.join(" ", ids);
    }

    List<StoredMail> ofCase(long caseId) {
        return jdbc.sql(SELECT_STORED + " WHERE m.case_id = ? ORDER BY m.recorded_at, m.id")
                .param(caseId)
                .query(MailMessages::stored)
                .list();
    }

    Optional<StoredMail> find(long caseId, long mailId) {
        return jdbc.sql(SELECT_STORED + " WHERE m.case_id = ? AND m.id = ?")
                .params(caseId, mailId)
                .query(MailMessages::stored)
                .optional();
    }

    void enqueue(long mailId, Instant now) {
        jdbc.sql("INSERT INTO mail_outbox (mail_message_id, attempts, next_attempt_at) VALUES (?, 0, ?)")
                .params(mailId, UtcTimestamps.toSql(now))
                .update();
    }

    /** A queued mail and how many attempts to send it have started so far. */
    record QueuedMail(OutboundMessage message, int attempts) {}

    /** Queued mail whose next attempt is due, oldest first. */
    List<QueuedMail> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT m.*, o.attempts AS outbox_attempts
                  FROM mail_outbox o JOIN mail_messages m ON m.id = o.mail_message_id
                 WHERE o.abandoned_at IS NULL AND o.next_attempt_at <= ?
                 ORDER BY o.next_attempt_at, m.id
                 FETCH FIRST %d ROWS ONLY
                """.formatted(limit))
                .param(UtcTimestamps.toSql(now))
                .query((rs, row) -> new QueuedMail(
                        new OutboundMessage(
                                rs.getLong("id"),
                                rs.getString("message_id"),
                                rs.getString("from_address"),
                                rs.getString("from_name"),
                                addresses(rs.getString("to_addresses")),
                                rs.getString("subject"),
                                rs.getString("body_text"),
                                rs.getString("body_html"),
                                rs.getString("in_reply_to"),
                                rs.getString("references_header")),
                        rs.getInt("outbox_attempts")))
                .list();
    }

    /**
     * Takes a due mail for one send attempt, so that of several server instances (or two rounds of one) exactly
     * one sends it: a compare-and-set on the attempt count, which every claim raises. The mail is hidden from
     * {@link #due} until {@code leaseUntil}; if the sender dies before recording the outcome, it is sent again
     * after that, under the same Message-ID.
     */
    boolean claim(QueuedMail mail, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?
                 WHERE mail_message_id = ? AND attempts = ? AND abandoned_at IS NULL AND next_attempt_at <= ?
                """)
                        .params(
                                UtcTimestamps.toSql(leaseUntil),
                                mail.message().id(),
                                mail.attempts(),
                                UtcTimestamps.toSql(now))
                        .update()
                == 1;
    }

    @Transactional
    void delivered(long mailId, Instant at) {
        jdbc.sql("DELETE FROM mail_outbox WHERE mail_message_id = ?")
                .param(mailId)
                .update();
        jdbc.sql("UPDATE mail_messages SET sent_at = ? WHERE id = ?")
                .params(UtcTimestamps.toSql(at), mailId)
                .update();
    }

    void attemptFailed(long mailId, int attempts, Instant nextAttempt, String error, Instant abandonedAt) {
        jdbc.sql("""
                UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, abandoned_at = ?
                 WHERE mail_message_id = ?
                """)
                .params(
                        attempts,
                        UtcTimestamps.toSql(nextAttempt),
                        cut(error, 2000),
                        UtcTimestamps.toSql(abandonedAt),
                        mailId)
                .update();
    }

    private static StoredMail stored(ResultSet rs, int row) throws SQLException {
        MailDirection direction = MailDirection.valueOf(rs.getString("direction"));
        boolean queued = rs.getObject("queued") != null;
        DeliveryState delivery = direction == MailDirection.IN
                ? DeliveryState.RECEIVED
                : !queued
                        ? DeliveryState.SENT
                        : rs.getObject("abandoned_at") != null ? DeliveryState.UNDELIVERABLE : DeliveryState.QUEUED;
        String match = rs.getString("thread_match");
        String notes = rs.getString("parse_notes");
        Object entry = rs.getObject("entry_id");
        Object consent = rs.getObject("consent_entry_id");
        return new StoredMail(
                rs.getLong("id"),
                rs.getLong("case_id"),
                rs.getString("message_id"),
                direction,
                rs.getString("from_address"),
                rs.getString("from_name"),
                addresses(rs.getString("to_addresses")),
                rs.getString("subject"),
                rs.getString("body_text"),
                UtcTimestamps.read(rs, "sent_at"),
                UtcTimestamps.read(rs, "recorded_at"),
                delivery,
                queued ? rs.getInt("attempts") : 0,
                rs.getString("last_error"),
                match == null ? null : ThreadMatch.valueOf(match),
                notes == null ? List.of() : List.of(notes.split("\n")),
                entry == null ? null : ((Number) entry).longValue(),
                consent == null ? null : ((Number) consent).longValue());
    }

    private static List<String> addresses(String joined) {
        return joined == null || joined.isBlank() ? List.of() : List.of(joined.split(",\\s*"));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
