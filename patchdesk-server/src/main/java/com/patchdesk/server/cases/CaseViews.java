package com.patchdesk.server.cases;

import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads {@link CaseView}s. */
@Component
class CaseViews {

    static final String SELECT = """
            SELECT c.*, o.name AS organisation_name, u.display_name AS owner_name
            FROM cases c JOIN organisations o ON o.id = c.organisation_id LEFT JOIN users u ON u.id = c.owner_id
            """;

    private final JdbcClient jdbc;

    CaseViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    CaseView of(CaseRef ref) {
        return jdbc.sql(SELECT + " WHERE c.id = :id").param("id", ref.id()).query(CaseViews::row).single();
    }

    static CaseView row(ResultSet rs, int rowNum) throws SQLException {
        return new CaseView(rs.getLong("id"), rs.getString("number"), rs.getString("title"),
                rs.getString("description"), Priority.valueOf(rs.getString("priority")),
                CaseStatus.valueOf(rs.getString("status")), rs.getLong("organisation_id"),
                rs.getString("organisation_name"), rs.getString("product"), rs.getString("product_version"),
                rs.getObject("os_build_family", Integer.class), rs.getString("reported_kb"),
                rs.getString("reported_error"), rs.getObject("owner_id", Long.class), rs.getString("owner_name"),
                rs.getString("language"), rs.getInt("version"), UtcTimestamps.read(rs, "created_at"),
                UtcTimestamps.read(rs, "updated_at"),
                new CaseView.Sla(UtcTimestamps.read(rs, "first_response_due_at"),
                        UtcTimestamps.read(rs, "first_responded_at"), UtcTimestamps.read(rs, "next_update_due_at"),
                        rs.getObject("sla_paused_at", java.time.OffsetDateTime.class) != null,
                        rs.getBoolean("first_response_breached"), rs.getBoolean("next_update_breached")));
    }
}
