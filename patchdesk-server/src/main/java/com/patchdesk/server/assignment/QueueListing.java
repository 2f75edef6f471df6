package com.patchdesk.server.assignment;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseSearch;
import com.patchdesk.server.cases.CaseView;
import com.patchdesk.server.problems.InvalidInputException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The open cases of one queue, or of the unassigned queue (no owner), oldest first: first come, first served. */
@Component
public class QueueListing {

    public static final String UNASSIGNED = "unassigned";
    private static final int LIMIT = 200;

    private final JdbcClient jdbc;
    private final Queues queues;
    private final CaseAccess access;
    private final CaseSearch search;

    QueueListing(JdbcClient jdbc, Queues queues, CaseAccess access, CaseSearch search) {
        this.jdbc = jdbc;
        this.queues = queues;
        this.access = access;
        this.search = search;
    }

    public List<CaseView> cases(Actor actor, String queue) {
        List<Long> ids;
        if (UNASSIGNED.equals(queue)) {
            ids = jdbc.sql("""
                    SELECT id FROM cases WHERE owner_id IS NULL AND status <> 'CLOSED'
                    ORDER BY created_at, id FETCH FIRST %d ROWS ONLY""".formatted(LIMIT)).query(Long.class).list();
        } else {
            long id;
            try {
                id = Long.parseLong(queue);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("queue", "a queue id or 'unassigned': " + queue);
            }
            queues.get(id);
            ids = jdbc.sql("""
                    SELECT c.id FROM queue_cases q JOIN cases c ON c.id = q.case_id
                    WHERE q.queue_id = :queue AND c.status <> 'CLOSED'
                    ORDER BY c.created_at, c.id FETCH FIRST %d ROWS ONLY""".formatted(LIMIT))
                    .param("queue", id)
                    .query(Long.class)
                    .list();
        }
        return ids.stream()
                .map(id -> search.one(access.require(actor, id, CaseAction.VIEW)))
                .toList();
    }
}
