package com.patchdesk.server.attention;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.config.UtcTimestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * "My attention": the open cases an engineer owns that ask for something, each once, the most pressing first:
 * the customer replied, an SLA target is due within the engineer's horizon (or breached), a mail to the customer
 * bounced, a diagnosis finished. Within one reason the newest comes first.
 */
@Service
public class AttentionList {

    private final JdbcClient jdbc;
    private final NotificationSettings settings;
    private final Clock clock;

    AttentionList(JdbcClient jdbc, NotificationSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    public List<AttentionItem> of(Actor engineer) {
        Instant now = clock.instant();
        Duration horizon = Duration.ofHours(settings.of(engineer.userId()).slaHorizonHours());
        Map<Long, Builder> cases = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT c.id, c.number, c.title, c.status, c.priority, n.kind, n.detail, n.created_at
                FROM notifications n JOIN cases c ON c.id = n.case_id
                WHERE n.user_id = :user AND n.read_at IS NULL AND c.status <> 'CLOSED'
                ORDER BY n.created_at DESC, n.id DESC""")
                .param("user", engineer.userId())
                .query((rs, n) -> {
                    Builder item = cases.computeIfAbsent(rs.getLong("id"), id -> new Builder(id, rs));
                    item.add(
                            NotificationKind.valueOf(rs.getString("kind")),
                            rs.getString("detail"),
                            UtcTimestamps.read(rs, "created_at"));
                    return item;
                })
                .list();
        jdbc.sql("""
                SELECT id, number, title, status, priority,
                       CASE WHEN first_responded_at IS NULL THEN first_response_due_at ELSE next_update_due_at END
                           AS due_at
                FROM cases
                WHERE owner_id = :user AND status IN ('NEW', 'SCOPING', 'INVESTIGATING') AND sla_paused_at IS NULL
                  AND CASE WHEN first_responded_at IS NULL THEN first_response_due_at ELSE next_update_due_at END
                      <= :until""")
                .param("user", engineer.userId())
                .param("until", UtcTimestamps.toSql(now.plus(horizon)))
                .query((rs, n) -> {
                    Builder item = cases.computeIfAbsent(rs.getLong("id"), id -> new Builder(id, rs));
                    item.due(UtcTimestamps.read(rs, "due_at"));
                    return item;
                })
                .list();
        return cases.values().stream()
                .map(Builder::build)
                .filter(java.util.Objects::nonNull)
                .sorted(MOST_PRESSING_FIRST)
                .toList();
    }

    /** By reason; the soonest SLA target first, otherwise the newest first. */
    static final Comparator<AttentionItem> MOST_PRESSING_FIRST = (a, b) -> {
        int byReason = a.topReason().compareTo(b.topReason());
        if (byReason != 0) {
            return byReason;
        }
        return a.topReason() == NotificationKind.SLA_DUE
                ? a.slaDueAt().compareTo(b.slaDueAt())
                : b.latest().compareTo(a.latest());
    };

    /** Collects one case's reasons while the rows come in. */
    private static final class Builder {
        private final long id;
        private final String number;
        private final String title;
        private final String status;
        private final String priority;
        private final TreeSet<NotificationKind> reasons = new TreeSet<>();
        private final List<String> details = new ArrayList<>();
        private Instant latest = Instant.EPOCH;
        private Instant due;

        Builder(long id, java.sql.ResultSet rs) {
            try {
                this.id = id;
                this.number = rs.getString("number");
                this.title = rs.getString("title");
                this.status = rs.getString("status");
                this.priority = rs.getString("priority");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(NotificationKind kind, String detail, Instant at) {
            reasons.add(kind);
            if (detail != null && !details.contains(detail) && details.size() < 3) {
                details.add(detail);
            }
            latest = at.isAfter(latest) ? at : latest;
        }

        void due(Instant at) {
            reasons.add(NotificationKind.SLA_DUE);
            due = at;
        }

        AttentionItem build() {
            EnumSet<NotificationKind> kinds = EnumSet.copyOf(reasons);
            if (due == null) {
                kinds.remove(NotificationKind.SLA_DUE);
            }
            if (kinds.isEmpty()) {
                return null; // only an SLA notification whose target is met or no longer near
            }
            return new AttentionItem(
                    id,
                    number,
                    title,
                    status,
                    priority,
                    List.copyOf(kinds),
                    List.copyOf(details),
                    due != null && latest.equals(Instant.EPOCH) ? due : latest,
                    due);
        }
    }
}
