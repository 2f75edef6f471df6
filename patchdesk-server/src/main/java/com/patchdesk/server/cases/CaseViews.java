package com.patchdesk.server.cases;

import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads {@link CaseView}s by id; lists are {@link CaseSearch}'s. */
@Component
class CaseViews {

    /**
     * The columns a {@link CaseView} is made of, named rather than {@code c.*}: on PostgreSQL the case row also holds
     * the stored search text (migration 111, the text again with every Chinese character doubled), which a list of
     * 50 cases would otherwise read and send for nothing.
     */
    static final String SELECT = """
            SELECT c.id, c.number, c.title, c.description, c.priority, c.status, c.organisation_id, c.product,
                   c.product_version, c.os_build_family, c.reported_kb, c.reported_error, c.owner_id, c.language,
                   c.version, c.created_at, c.updated_at, c.first_response_due_at, c.first_responded_at,
                   c.next_update_due_at, c.sla_paused_at, c.first_response_breached, c.next_update_breached,
                   c.resolution_entry_id, o.name AS organisation_name, u.display_name AS owner_name
            FROM cases c JOIN organisations o ON o.id = c.organisation_id LEFT JOIN users u ON u.id = c.owner_id""";

    private final JdbcClient jdbc;
    private final Clock clock;

    CaseViews(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    CaseView of(CaseRef ref) {
        Instant now = clock.instant();
        return jdbc.sql(SELECT + " WHERE c.id = :id")
                .param("id", ref.id())
                .query((rs, n) -> row(rs, now))
                .single();
    }

    List<CaseView> ofIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return jdbc.sql(SELECT + " WHERE c.id IN (:ids) ORDER BY c.id")
                .param("ids", ids)
                .query((rs, n) -> row(rs, now))
                .list();
    }

    static CaseView row(ResultSet rs, Instant now) throws SQLException {
        SlaClock clock = SlaTracking.clockOf(rs, 0);
        CaseStatus status = CaseStatus.valueOf(rs.getString("status"));
        // Closed and resolved cases owe nothing, so only their recorded breaches count.
        SlaClock.Standing standing =
                status.isOpen() ? clock.standing(now) : new SlaClock.Standing(false, false, null, false);
        return new CaseView(
                rs.getLong("id"),
                rs.getString("number"),
                rs.getString("title"),
                rs.getString("description"),
                Priority.valueOf(rs.getString("priority")),
                status,
                rs.getLong("organisation_id"),
                rs.getString("organisation_name"),
                rs.getString("product"),
                rs.getString("product_version"),
                rs.getObject("os_build_family", Integer.class),
                rs.getString("reported_kb"),
                rs.getString("reported_error"),
                rs.getObject("owner_id", Long.class),
                rs.getString("owner_name"),
                rs.getString("language"),
                rs.getInt("version"),
                UtcTimestamps.read(rs, "created_at"),
                UtcTimestamps.read(rs, "updated_at"),
                new CaseView.Sla(
                        clock.firstResponseDueAt(),
                        clock.firstRespondedAt(),
                        clock.nextUpdateDueAt(),
                        status.isOpen() ? standing.nextDueAt() : null,
                        clock.pausedAt() != null,
                        rs.getBoolean("first_response_breached") || standing.firstResponseBreached(),
                        rs.getBoolean("next_update_breached") || standing.nextUpdateBreached()));
    }
}
