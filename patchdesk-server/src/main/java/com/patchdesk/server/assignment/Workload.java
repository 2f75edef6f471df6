package com.patchdesk.server.assignment;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** How many open cases each engineer carries, by how much work they ask for now. */
@Service
public class Workload {

    /**
     * One engineer's load.
     *
     * @param active cases in NEW, SCOPING or INVESTIGATING (the engineer owes the next step)
     * @param waiting cases waiting for the customer
     * @param resolved cases resolved but not yet closed
     * @param breached open cases whose SLA target was missed
     */
    public record Load(long userId, String name, long active, long waiting, long resolved, long breached) {
        public long open() {
            return active + waiting + resolved;
        }
    }

    private final JdbcClient jdbc;

    Workload(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every enabled engineer and admin, the busiest first; those without cases too. */
    public List<Load> perEngineer() {
        return jdbc
                .sql("""
                SELECT u.id, u.display_name,
                       SUM(CASE WHEN c.status IN ('NEW', 'SCOPING', 'INVESTIGATING') THEN 1 ELSE 0 END) AS active,
                       SUM(CASE WHEN c.status = 'WAITING_FOR_CUSTOMER' THEN 1 ELSE 0 END) AS waiting,
                       SUM(CASE WHEN c.status = 'RESOLVED' THEN 1 ELSE 0 END) AS resolved,
                       SUM(CASE WHEN c.id IS NOT NULL AND (c.first_response_breached OR c.next_update_breached)
                                THEN 1 ELSE 0 END) AS breached
                FROM users u LEFT JOIN cases c ON c.owner_id = u.id AND c.status <> 'CLOSED'
                WHERE u.role IN ('ENGINEER', 'ADMIN') AND u.enabled = TRUE
                GROUP BY u.id, u.display_name""")
                .query((rs, n) -> new Load(
                        rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .list()
                .stream()
                .sorted(java.util.Comparator.comparingLong(Load::open)
                        .reversed()
                        .thenComparing(Load::name))
                .toList();
    }
}
