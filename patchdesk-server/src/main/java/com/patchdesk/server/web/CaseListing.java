package com.patchdesk.server.web;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseView;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.cases.SlaClock;
import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The case list, the SLA queue and the full-text search behind them, read straight from the case tables.
 * <p>
 * Search is {@code LIKE} on lower-cased text, which works the same on H2 and PostgreSQL and finds Chinese words
 * inside unspaced text, where word-based full-text indexes would not. It looks at the case's own fields and at
 * every timeline entry the viewer may see (mail, calls, notes), so a customer's words in a mail find their case.
 * The WHERE clause is assembled only from fixed fragments; every value the user typed is a bound parameter.
 */
@Component
class CaseListing {

    static final int PAGE_SIZE = 50;

    private static final String OPEN = "c.status NOT IN ('RESOLVED', 'CLOSED')";
    /** The earliest response owed, as {@link SlaClock#nextDue()} computes it. */
    private static final String DUE = "(CASE WHEN c.first_responded_at IS NULL AND (c.next_update_due_at IS NULL"
            + " OR c.first_response_due_at <= c.next_update_due_at) THEN c.first_response_due_at"
            + " ELSE c.next_update_due_at END)";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration warning;

    CaseListing(JdbcClient jdbc, Clock clock,
                @Value("${patchdesk.web.sla-warning:PT2H}") Duration warning) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.warning = warning;
    }

    record Row(CaseView view, SlaState sla, Instant due) {
    }

    record Page(List<Row> rows, int index, boolean hasNext) {
    }

    Page find(Actor viewer, CaseFilter filter) {
        Instant now = clock.instant();
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        visibleTo(viewer, where, params);
        if (filter.status() != null) {
            where.add("c.status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.priority() != null) {
            where.add("c.priority = :priority");
            params.put("priority", filter.priority().name());
        }
        if (filter.customer() != null) {
            where.add("c.organisation_id = :customer");
            params.put("customer", filter.customer());
        }
        if (filter.owner() != null) {
            if (filter.owner() == 0) {
                where.add("c.owner_id IS NULL");
            } else {
                where.add("c.owner_id = :owner");
                params.put("owner", filter.owner());
            }
        }
        if (filter.normalisedKb() != null) {
            where.add("c.reported_kb = :kb");
            params.put("kb", filter.normalisedKb());
        }
        if (filter.normalisedError() != null) {
            where.add("c.reported_error = :error");
            params.put("error", filter.normalisedError());
        }
        if (filter.sla() != null) {
            where.add(slaCondition(filter.sla()));
            params.put("now", UtcTimestamps.toSql(now));
            params.put("warnFrom", UtcTimestamps.toSql(now.plus(warning)));
        }
        List<String> terms = filter.terms();
        for (int i = 0; i < terms.size(); i++) {
            String p = "term" + i;
            where.add("(LOWER(c.number) LIKE :" + p + " ESCAPE '\\' OR LOWER(c.title) LIKE :" + p + " ESCAPE '\\'"
                    + " OR LOWER(c.description) LIKE :" + p + " ESCAPE '\\'"
                    + " OR LOWER(c.reported_kb) LIKE :" + p + " ESCAPE '\\' OR LOWER(c.reported_error) LIKE :" + p
                    + " ESCAPE '\\' OR EXISTS (SELECT 1 FROM case_entries e WHERE e.case_id = c.id"
                    + (viewer.isStaff() ? "" : " AND e.internal = FALSE")
                    + " AND (LOWER(e.summary) LIKE :" + p + " ESCAPE '\\' OR LOWER(e.body) LIKE :" + p
                    + " ESCAPE '\\')))");
            params.put(p, "%" + escapeLike(terms.get(i)) + "%");
        }
        int index = filter.pageIndex();
        params.put("limit", PAGE_SIZE + 1);
        params.put("offset", index * PAGE_SIZE);
        String sql = SELECT + where(where) + " ORDER BY c.updated_at DESC, c.id DESC LIMIT :limit OFFSET :offset";
        List<Row> rows = jdbc.sql(sql).params(params).query((rs, n) -> row(rs, now)).list();
        boolean hasNext = rows.size() > PAGE_SIZE;
        return new Page(hasNext ? rows.subList(0, PAGE_SIZE) : rows, index, hasNext);
    }

    /** One case the caller has already been allowed to see (the {@link CaseRef} proves the check). */
    Row one(CaseRef ref) {
        Instant now = clock.instant();
        return jdbc.sql(SELECT + " WHERE c.id = :id").param("id", ref.id()).query((rs, n) -> row(rs, now)).single();
    }

    /**
     * Open, running cases whose response is owed within {@code horizon} or already overdue, most urgent first.
     * Staff only: customers have no queue.
     */
    List<Row> queue(Duration horizon) {
        Instant now = clock.instant();
        return jdbc.sql(SELECT + " WHERE " + OPEN + " AND c.sla_paused_at IS NULL AND " + DUE + " IS NOT NULL AND "
                        + DUE + " <= :until ORDER BY " + DUE + ", c.id")
                .param("until", UtcTimestamps.toSql(now.plus(horizon)))
                .query((rs, n) -> row(rs, now))
                .list();
    }

    private static void visibleTo(Actor viewer, List<String> where, Map<String, Object> params) {
        if (!viewer.isStaff()) {
            where.add("c.organisation_id = :viewerOrganisation");
            params.put("viewerOrganisation", viewer.organisationId());
        }
    }

    private static String slaCondition(SlaState state) {
        String running = OPEN + " AND c.sla_paused_at IS NULL";
        return switch (state) {
            case BREACHED -> "(" + running + " AND " + DUE + " <= :now)";
            case AT_RISK -> "(" + running + " AND " + DUE + " > :now AND " + DUE + " <= :warnFrom)";
            case ON_TRACK -> "(" + running + " AND (" + DUE + " IS NULL OR " + DUE + " > :warnFrom))";
            case PAUSED -> "(" + OPEN + " AND c.sla_paused_at IS NOT NULL)";
            case STOPPED -> "NOT (" + OPEN + ")";
        };
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    static String escapeLike(String term) {
        return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static final String SELECT = """
            SELECT c.*, o.name AS organisation_name, u.display_name AS owner_name
            FROM cases c JOIN organisations o ON o.id = c.organisation_id LEFT JOIN users u ON u.id = c.owner_id""";

    private Row row(ResultSet rs, Instant now) throws SQLException {
        CaseStatus status = CaseStatus.valueOf(rs.getString("status"));
        SlaClock clock = new SlaClock(UtcTimestamps.read(rs, "first_response_due_at"),
                UtcTimestamps.read(rs, "first_responded_at"), UtcTimestamps.read(rs, "next_update_due_at"),
                UtcTimestamps.read(rs, "sla_paused_at"));
        SlaClock.Standing standing = clock.standing(now);
        Instant due = status.isOpen() ? standing.nextDueAt() : null;
        CaseView view = new CaseView(rs.getLong("id"), rs.getString("number"), rs.getString("title"),
                rs.getString("description"), Priority.valueOf(rs.getString("priority")), status,
                rs.getLong("organisation_id"), rs.getString("organisation_name"), rs.getString("product"),
                rs.getString("product_version"), rs.getObject("os_build_family", Integer.class),
                rs.getString("reported_kb"), rs.getString("reported_error"), rs.getObject("owner_id", Long.class),
                rs.getString("owner_name"), rs.getString("language"), rs.getInt("version"),
                UtcTimestamps.read(rs, "created_at"), UtcTimestamps.read(rs, "updated_at"),
                new CaseView.Sla(clock.firstResponseDueAt(), clock.firstRespondedAt(), clock.nextUpdateDueAt(), due,
                        clock.pausedAt() != null,
                        rs.getBoolean("first_response_breached") || status.isOpen() && standing.firstResponseBreached(),
                        rs.getBoolean("next_update_breached") || status.isOpen() && standing.nextUpdateBreached()));
        return new Row(view, SlaState.of(view, now, warning), due);
    }
}
