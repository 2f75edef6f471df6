package com.patchdesk.server.attention;

import com.patchdesk.server.config.UtcTimestamps;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds what no event announces: SLA targets coming due within each owner's horizon, and mail to the customer the
 * outbox gave up on (bounced). Each becomes one notification per due instant or per mail, however often it runs.
 */
@Component
class AttentionScan {

    private final JdbcClient jdbc;
    private final Notifications notifications;
    private final Clock clock;

    AttentionScan(JdbcClient jdbc, Notifications notifications, Clock clock) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${patchdesk.attention.scan-interval:PT1M}",
            initialDelayString = "${patchdesk.attention.scan-interval:PT1M}")
    void scan() {
        slaDue();
        bounced();
    }

    void slaDue() {
        Instant now = clock.instant();
        record Due(long caseId, long owner, Instant at) {}
        jdbc
                .sql("""
                SELECT c.id, c.owner_id,
                       CASE WHEN c.first_responded_at IS NULL THEN c.first_response_due_at
                            ELSE c.next_update_due_at END AS due_at,
                       COALESCE(s.sla_horizon_hours, 4) AS horizon
                FROM cases c LEFT JOIN notification_settings s ON s.user_id = c.owner_id
                WHERE c.owner_id IS NOT NULL AND c.status IN ('NEW', 'SCOPING', 'INVESTIGATING')
                  AND c.sla_paused_at IS NULL""")
                .query((rs, n) -> {
                    Instant due = UtcTimestamps.read(rs, "due_at");
                    return due != null && !due.isAfter(now.plusSeconds(3600L * rs.getInt("horizon")))
                            ? new Due(rs.getLong("id"), rs.getLong("owner_id"), due)
                            : null;
                })
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .forEach(due -> notifications.notifyUser(
                        due.owner(),
                        due.caseId(),
                        NotificationKind.SLA_DUE,
                        "due:" + due.at(),
                        due.at().toString()));
    }

    void bounced() {
        record Bounce(long caseId, long mailId, String to) {}
        jdbc.sql("""
                SELECT m.case_id, m.id, m.to_addresses FROM mail_outbox o JOIN mail_messages m
                    ON m.id = o.mail_message_id
                WHERE o.abandoned_at IS NOT NULL""")
                .query((rs, n) -> new Bounce(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .list()
                .forEach(bounce -> notifications.notifyOwner(
                        bounce.caseId(), NotificationKind.MAIL_BOUNCED, "mail:" + bounce.mailId(), bounce.to()));
    }
}
