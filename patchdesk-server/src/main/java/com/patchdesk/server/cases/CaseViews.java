package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads {@link CaseView}s, one or filtered lists. */
@Component
class CaseViews {

    static final int MAX_PAGE = 200;

    private static final String SELECT = """
            SELECT c.*, o.name AS organisation_name, u.display_name AS owner_name
            FROM cases c JOIN organisations o ON o.id = c.organisation_id LEFT JOIN users u ON u.id = c.owner_id
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    CaseViews(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    CaseView of(CaseRef ref) {
        Instant now = clock.instant();
        return jdbc.sql(SELECT + " WHERE c.id = :id").param("id", ref.id())
                .query((rs, n) -> row(rs, now)).single();
    }

    List<CaseView> ofIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return jdbc.sql(SELECT + " WHERE c.id IN (:ids) ORDER BY c.id").param("ids", ids)
                .query((rs, n) -> row(rs, now)).list();
    }

    /** Newest first; a customer's list is always limited to their organisation whatever the filter says. */
    List<CaseView> search(Actor viewer, CaseFilter filter, int limit, int offset) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        Long organisationId = viewer.isStaff() ? filter.organisationId() : viewer.organisationId();
        if (!viewer.isStaff() && filter.organisationId() != null
                && !filter.organisationId().equals(viewer.organisationId())) {
            return List.of();
        }
        if (organisationId != null) {
            where.add("c.organisation_id = :org");
            params.put("org", organisationId);
        }
        if (filter.status() != null) {
            where.add("c.status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.priority() != null) {
            where.add("c.priority = :priority");
            params.put("priority", filter.priority().name());
        }
        if (filter.ownerId() != null) {
            where.add("c.owner_id = :owner");
            params.put("owner", filter.ownerId());
        }
        if (filter.kb() != null && !filter.kb().isBlank()) {
            where.add("c.reported_kb = :kb");
            params.put("kb", CaseDesk.upper(filter.kb()));
        }
        if (filter.error() != null && !filter.error().isBlank()) {
            where.add("c.reported_error = :error");
            params.put("error", CaseDesk.normaliseError(filter.error()));
        }
        String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY c.created_at DESC, c.id DESC LIMIT :limit OFFSET :offset";
        params.put("limit", Math.max(1, Math.min(limit, MAX_PAGE)));
        params.put("offset", Math.max(0, offset));
        Instant now = clock.instant();
        return jdbc.sql(sql).params(params).query((rs, n) -> row(rs, now)).list();
    }

    private static CaseView row(ResultSet rs, Instant now) throws SQLException {
        SlaClock clock = SlaTracking.clockOf(rs, 0);
        CaseStatus status = CaseStatus.valueOf(rs.getString("status"));
        // Closed and resolved cases owe nothing, so only their recorded breaches count.
        SlaClock.Standing standing = status.isOpen() ? clock.standing(now)
                : new SlaClock.Standing(false, false, null, false);
        return new CaseView(rs.getLong("id"), rs.getString("number"), rs.getString("title"),
                rs.getString("description"), Priority.valueOf(rs.getString("priority")), status,
                rs.getLong("organisation_id"), rs.getString("organisation_name"), rs.getString("product"),
                rs.getString("product_version"), rs.getObject("os_build_family", Integer.class),
                rs.getString("reported_kb"), rs.getString("reported_error"), rs.getObject("owner_id", Long.class),
                rs.getString("owner_name"), rs.getString("language"), rs.getInt("version"),
                UtcTimestamps.read(rs, "created_at"), UtcTimestamps.read(rs, "updated_at"),
                new CaseView.Sla(clock.firstResponseDueAt(), clock.firstRespondedAt(), clock.nextUpdateDueAt(),
                        status.isOpen() ? standing.nextDueAt() : null, clock.pausedAt() != null,
                        rs.getBoolean("first_response_breached") || standing.firstResponseBreached(),
                        rs.getBoolean("next_update_breached") || standing.nextUpdateBreached()));
    }
}
