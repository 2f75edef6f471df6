package com.patchdesk.server.attention;

import com.patchdesk.server.cases.CaseEvents;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.config.UtcTimestamps;
import java.time.Clock;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns what happens on a case into notifications for its owner: the customer answered, a diagnosis finished.
 * Cases without an owner notify nobody (they sit in the unassigned queue). When the owner answers the customer,
 * the "customer replied" notifications of that case count as dealt with.
 */
@Service
public class Notifications {

    private static final Set<EntryKind> ANSWERS = Set.of(EntryKind.MAIL_OUT, EntryKind.NOTE, EntryKind.CALL);

    private final JdbcClient jdbc;
    private final Clock clock;

    Notifications(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void customerAnswered(CaseEvents.CustomerAnswered event) {
        notifyOwner(
                event.ref().id(),
                NotificationKind.CUSTOMER_REPLIED,
                "answer:" + clock.instant().toEpochMilli(),
                event.how());
    }

    @EventListener
    void entryAppended(CaseEvents.EntryAppended event) {
        if (event.kind() == EntryKind.DIAGNOSIS) {
            notifyOwner(
                    event.ref().id(), NotificationKind.DIAGNOSIS_FINISHED, "entry:" + event.entryId(), event.summary());
        } else if (event.byStaff() && !event.internal() && ANSWERS.contains(event.kind())) {
            jdbc.sql("""
                    UPDATE notifications SET read_at = :now
                    WHERE case_id = :caseId AND kind = 'CUSTOMER_REPLIED' AND read_at IS NULL""")
                    .param("now", UtcTimestamps.toSql(clock.instant()))
                    .param("caseId", event.ref().id())
                    .update();
        }
    }

    /** Notifies the case's owner, once per {@code refKey}; no owner, no notification. */
    @Transactional
    public void notifyOwner(long caseId, NotificationKind kind, String refKey, String detail) {
        jdbc.sql("SELECT owner_id FROM cases WHERE id = :id")
                .param("id", caseId)
                .query(Long.class)
                .optional()
                .ifPresent(owner -> notifyUser(owner, caseId, kind, refKey, detail));
    }

    /** Notifies one engineer, once per case, kind and {@code refKey}. */
    @Transactional
    public void notifyUser(long userId, long caseId, NotificationKind kind, String refKey, String detail) {
        jdbc.sql("""
                INSERT INTO notifications (user_id, case_id, kind, ref_key, detail, created_at)
                SELECT :user, :caseId, :kind, :refKey, :detail, :now FROM users
                WHERE id = :user AND role IN ('ENGINEER', 'ADMIN') AND NOT EXISTS (
                    SELECT 1 FROM notifications WHERE user_id = :user AND case_id = :caseId AND kind = :kind
                                                  AND ref_key = :refKey)""")
                .param("user", userId)
                .param("caseId", caseId)
                .param("kind", kind.name())
                .param("refKey", refKey)
                .param("detail", detail == null ? null : cut(detail))
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update();
    }

    /** Marks every unread notification of {@code userId} on the case as dealt with; returns how many. */
    @Transactional
    public int markRead(long userId, long caseId) {
        return jdbc.sql("""
                UPDATE notifications SET read_at = :now WHERE user_id = :user AND case_id = :caseId
                                                          AND read_at IS NULL""")
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .param("user", userId)
                .param("caseId", caseId)
                .update();
    }

    private static String cut(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 500 ? line : line.substring(0, 499) + "…";
    }
}
