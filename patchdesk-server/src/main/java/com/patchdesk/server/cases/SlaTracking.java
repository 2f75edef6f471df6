package com.patchdesk.server.cases;

import com.patchdesk.server.config.UtcTimestamps;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Keeps the SLA columns of {@code cases} in step with what happens on the case. */
@Component
class SlaTracking {

    private final JdbcClient jdbc;
    private final SlaSettings settings;

    SlaTracking(JdbcClient jdbc, SlaSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    Instant firstResponseDue(Priority priority, Instant openedAt) {
        return openedAt.plus(settings.of(priority).firstResponse());
    }

    /** A visible staff entry: answers the first response if still open, and restarts the next-update clock. */
    void staffResponded(long caseId, Instant at) {
        Priority priority = jdbc.sql("SELECT priority FROM cases WHERE id = :id").param("id", caseId)
                .query((rs, n) -> Priority.valueOf(rs.getString(1))).single();
        jdbc.sql("""
                UPDATE cases SET first_responded_at = COALESCE(first_responded_at, :at),
                                 next_update_due_at = :nextDue
                WHERE id = :id""")
                .param("at", UtcTimestamps.toSql(at))
                .param("nextDue", UtcTimestamps.toSql(at.plus(settings.of(priority).nextUpdate())))
                .param("id", caseId)
                .update();
    }
}
