package com.patchdesk.server.attention;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Each engineer's own notification settings: mail on or off, and how far ahead an SLA target asks for attention. */
@Service
public class NotificationSettings {

    /** The settings of a user; users without a stored row get {@link #DEFAULTS}. */
    public record Preferences(boolean mailEnabled, int slaHorizonHours) {}

    static final Preferences DEFAULTS = new Preferences(true, 4);

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    NotificationSettings(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public Preferences of(long userId) {
        return jdbc.sql("SELECT mail_enabled, sla_horizon_hours FROM notification_settings WHERE user_id = :id")
                .param("id", userId)
                .query((rs, n) -> new Preferences(rs.getBoolean(1), rs.getInt(2)))
                .optional()
                .orElse(DEFAULTS);
    }

    @Transactional
    public Preferences save(Actor actor, Preferences preferences) {
        if (!actor.isStaff()) {
            throw new InvalidInputException("user", Reason.of("problem.notifications.staffOnly"));
        }
        if (preferences.slaHorizonHours() < 1 || preferences.slaHorizonHours() > 168) {
            throw new InvalidInputException("slaHorizonHours", Reason.of("problem.notifications.horizon"));
        }
        Preferences before = of(actor.userId());
        int updated = jdbc.sql("""
                UPDATE notification_settings SET mail_enabled = :mail, sla_horizon_hours = :hours
                WHERE user_id = :id""")
                .param("mail", preferences.mailEnabled())
                .param("hours", preferences.slaHorizonHours())
                .param("id", actor.userId())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO notification_settings (user_id, mail_enabled, sla_horizon_hours)
                    VALUES (:id, :mail, :hours)""")
                    .param("mail", preferences.mailEnabled())
                    .param("hours", preferences.slaHorizonHours())
                    .param("id", actor.userId())
                    .update();
        }
        audit.record(
                actor,
                "notification_settings",
                actor.userId(),
                null,
                "updated",
                List.of(
                        FieldChange.of("mailEnabled", before.mailEnabled(), preferences.mailEnabled()),
                        FieldChange.of("slaHorizonHours", before.slaHorizonHours(), preferences.slaHorizonHours())));
        return of(actor.userId());
    }
}
