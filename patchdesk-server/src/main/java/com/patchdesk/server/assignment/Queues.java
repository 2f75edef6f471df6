package com.patchdesk.server.assignment;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseEvents;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.ResourceNotFoundException;
import com.patchdesk.server.problems.StateConflictException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues of cases and the routing rules that fill them when a case is opened (by a user, the API or inbound mail).
 * Admins define queues; engineers move cases between them. Every placement is audited on the case.
 */
@Service
public class Queues {

    private final JdbcClient jdbc;
    private final Organisations organisations;
    private final AuditTrail audit;
    private final Clock clock;

    Queues(JdbcClient jdbc, Organisations organisations, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.organisations = organisations;
        this.audit = audit;
        this.clock = clock;
    }

    private static final String SELECT = """
            SELECT q.*, o.name AS organisation_name,
                   (SELECT COUNT(*) FROM queue_cases x JOIN cases c ON c.id = x.case_id
                    WHERE x.queue_id = q.id AND c.status <> 'CLOSED') AS open_cases
            FROM queues q LEFT JOIN organisations o ON o.id = q.organisation_id
            """;

    public List<Queue> list() {
        return jdbc.sql(SELECT + " ORDER BY q.position, q.id")
                .query((rs, n) -> new Queue(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getObject("organisation_id", Long.class),
                        rs.getString("organisation_name"),
                        rs.getString("product"),
                        rs.getString("priority"),
                        rs.getInt("position"),
                        rs.getLong("open_cases")))
                .list();
    }

    public Queue get(long id) {
        return list().stream()
                .filter(queue -> queue.id() == id)
                .findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("no queue " + id));
    }

    @Transactional
    public Queue create(Actor admin, NewQueue request) {
        if (!admin.isAdmin()) {
            throw new AccessDeniedException("only admins define queues");
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            throw new InvalidInputException("name", Reason.of("problem.queue.nameNeeded"));
        }
        if (list().stream().anyMatch(queue -> queue.name().equalsIgnoreCase(name))) {
            throw new StateConflictException(Reason.of("problem.queue.exists", name));
        }
        if (request.organisationId() != null
                && organisations.find(request.organisationId()).isEmpty()) {
            throw new InvalidInputException("organisationId", "no organisation " + request.organisationId());
        }
        String product = request.product() == null || request.product().isBlank()
                ? null
                : request.product().strip();
        String priority = request.priority() == null || request.priority().isBlank() ? null : request.priority();
        if (priority != null && !priority.matches("P[1-4]")) {
            throw new InvalidInputException("priority", Reason.of("problem.priority.unknown"));
        }
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO queues (name, organisation_id, product, priority, position, created_at)
                VALUES (:name, :org, :product, :priority, :position, :now)""")
                .param("name", name)
                .param("org", request.organisationId())
                .param("product", product)
                .param("priority", priority)
                .param("position", request.position() == null ? 0 : request.position())
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        audit.record(
                admin,
                "queue",
                id,
                null,
                "created",
                List.of(
                        FieldChange.of("name", null, name),
                        FieldChange.of("organisationId", null, request.organisationId()),
                        FieldChange.of("product", null, product),
                        FieldChange.of("priority", null, priority)));
        return get(id);
    }

    /** The queue a case is in, if any. */
    public Optional<Queue> of(long caseId) {
        return jdbc.sql("SELECT queue_id FROM queue_cases WHERE case_id = :id")
                .param("id", caseId)
                .query(Long.class)
                .optional()
                .map(this::get);
    }

    /** Places the case in {@code queueId}, or takes it out of any queue when null. Audited. */
    @Transactional
    public void place(Actor actor, CaseRef ref, Long queueId) {
        Optional<Queue> before = of(ref.id());
        Queue target = queueId == null ? null : get(queueId);
        if (before.map(Queue::id).equals(Optional.ofNullable(queueId))) {
            return;
        }
        jdbc.sql("DELETE FROM queue_cases WHERE case_id = :id")
                .param("id", ref.id())
                .update();
        if (target != null) {
            jdbc.sql("INSERT INTO queue_cases (case_id, queue_id, placed_at) VALUES (:id, :queue, :now)")
                    .param("id", ref.id())
                    .param("queue", target.id())
                    .param("now", UtcTimestamps.toSql(clock.instant()))
                    .update();
        }
        audit.record(
                actor,
                "case",
                ref.id(),
                ref.id(),
                "queue changed",
                List.of(FieldChange.of(
                        "queue", before.map(Queue::name).orElse(null), target == null ? null : target.name())));
    }

    /** Applies the routing rules to a new case: the first queue by position whose rule matches it. */
    @EventListener
    @Order(1)
    void route(CaseEvents.Opened opened) {
        CaseRef ref = opened.ref();
        list().stream()
                .filter(Queue::hasRule)
                .filter(queue -> queue.organisationId() == null || queue.organisationId() == ref.organisationId())
                .filter(queue -> queue.product() == null
                        || (opened.product() != null
                                && queue.product()
                                        .toLowerCase(Locale.ROOT)
                                        .equals(opened.product().toLowerCase(Locale.ROOT))))
                .filter(queue -> queue.priority() == null || queue.priority().equals(opened.priority()))
                .findFirst()
                .ifPresent(queue -> place(null, ref, queue.id()));
    }
}
