package com.patchdesk.server.audit;

import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Append-only record of every change: who, when, what changed old → new. Write it inside the transaction of the
 * change itself so a rolled-back change leaves no audit row and a committed one always has it.
 */
@Component
public class AuditTrail {

    /** Label for changes nobody signed in made: inbound mail, scheduled jobs, first-start bootstrap. */
    public static final String SYSTEM = "system";

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditTrail(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records an action. With no field changes one row without field is written (e.g. "created"); otherwise one
     * row per field that actually changed.
     *
     * @param actor null for system changes
     * @param caseId the case this change belongs to, for the case's audit view; null otherwise
     */
    public void record(
            AuditActor actor, String entityType, long entityId, Long caseId, String action, List<FieldChange> changes) {
        Long actorId = actor == null ? null : actor.userId();
        String label = actor == null ? SYSTEM : actor.email();
        List<FieldChange> real = changes.stream().filter(FieldChange::changed).toList();
        if (real.isEmpty()) {
            insert(actorId, label, entityType, entityId, caseId, action, null);
        } else {
            real.forEach(change -> insert(actorId, label, entityType, entityId, caseId, action, change));
        }
    }

    /**
     * Records an action of someone who has no account, such as whoever holds a download link: {@code who} names
     * them as well as the server knows ("download link 7"), where {@link #record} would say {@link #SYSTEM}.
     */
    public void recordAnonymous(
            String who, String entityType, long entityId, Long caseId, String action, List<FieldChange> changes) {
        List<FieldChange> real = changes.stream().filter(FieldChange::changed).toList();
        if (real.isEmpty()) {
            insert(null, who, entityType, entityId, caseId, action, null);
        } else {
            real.forEach(change -> insert(null, who, entityType, entityId, caseId, action, change));
        }
    }

    public List<AuditRecord> forEntity(String entityType, long entityId) {
        return jdbc.sql("""
                SELECT * FROM audit_log WHERE entity_type = :type AND entity_id = :id ORDER BY id""")
                .param("type", entityType)
                .param("id", entityId)
                .query(AuditTrail::row)
                .list();
    }

    public List<AuditRecord> forCase(long caseId) {
        return jdbc.sql("SELECT * FROM audit_log WHERE case_id = :caseId ORDER BY id")
                .param("caseId", caseId)
                .query(AuditTrail::row)
                .list();
    }

    private static AuditRecord row(ResultSet rs, int rowNum) throws SQLException {
        return new AuditRecord(
                rs.getLong("id"),
                UtcTimestamps.read(rs, "occurred_at"),
                rs.getObject("actor_id", Long.class),
                rs.getString("actor_label"),
                rs.getString("entity_type"),
                rs.getLong("entity_id"),
                rs.getObject("case_id", Long.class),
                rs.getString("action"),
                rs.getString("field"),
                rs.getString("old_value"),
                rs.getString("new_value"));
    }

    private void insert(
            Long actorId,
            String label,
            String entityType,
            long entityId,
            Long caseId,
            String action,
            FieldChange change) {
        jdbc.sql("""
                INSERT INTO audit_log (occurred_at, actor_id, actor_label, entity_type, entity_id, case_id, action,
                                       field, old_value, new_value)
                VALUES (:at, :actorId, :label, :type, :entityId, :caseId, :action, :field, :old, :new)""")
                .param("at", UtcTimestamps.toSql(clock.instant()))
                .param("actorId", actorId)
                .param("label", label)
                .param("type", entityType)
                .param("entityId", entityId)
                .param("caseId", caseId)
                .param("action", action)
                .param("field", change == null ? null : change.field())
                .param("old", change == null ? null : change.oldValue())
                .param("new", change == null ? null : change.newValue())
                .update();
    }
}
