package com.patchdesk.server.assignment;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.UserAccount;
import com.patchdesk.server.accounts.UserAccounts;
import com.patchdesk.server.attention.NotificationKind;
import com.patchdesk.server.attention.Notifications;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.VersionMismatchException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives a case to an engineer, or back to the unassigned queue. The user names only the owner: the case's version
 * is read and checked here (the same optimistic lock as PATCH with If-Match), and a concurrent edit of the case is
 * answered by reading again, because setting the owner does not depend on the other fields.
 */
@Service
public class Assignments {

    private static final int ATTEMPTS = 3;

    private final JdbcClient jdbc;
    private final UserAccounts accounts;
    private final AuditTrail audit;
    private final Notifications notifications;
    private final Clock clock;

    Assignments(JdbcClient jdbc, UserAccounts accounts, AuditTrail audit, Notifications notifications, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.audit = audit;
        this.notifications = notifications;
        this.clock = clock;
    }

    private record Current(int version, Long ownerId) {}

    /**
     * Sets the owner ({@code null}: nobody, the case goes to the unassigned queue). The new owner is notified
     * unless they assigned the case to themselves.
     *
     * @return whether anything changed
     */
    @Transactional
    public boolean assign(Actor actor, CaseRef ref, Long ownerId) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("staff only");
        }
        if (ownerId != null) {
            accounts.find(ownerId)
                    .filter(user -> user.role().isStaff() && user.enabled())
                    .orElseThrow(() -> new InvalidInputException("owner", Reason.of("problem.owner.notStaff")));
        }
        int lastVersion = 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Current current = jdbc.sql("SELECT version, owner_id FROM cases WHERE id = :id")
                    .param("id", ref.id())
                    .query((rs, n) -> new Current(rs.getInt(1), rs.getObject(2, Long.class)))
                    .single();
            lastVersion = current.version();
            if (Objects.equals(current.ownerId(), ownerId)) {
                return false;
            }
            int updated = jdbc.sql("""
                    UPDATE cases SET owner_id = :owner, version = version + 1, updated_at = :now
                    WHERE id = :id AND version = :version""")
                    .param("owner", ownerId)
                    .param("now", UtcTimestamps.toSql(clock.instant()))
                    .param("id", ref.id())
                    .param("version", current.version())
                    .update();
            if (updated == 1) {
                audit.record(
                        actor,
                        "case",
                        ref.id(),
                        ref.id(),
                        "assigned",
                        List.of(FieldChange.of("owner", name(current.ownerId()), name(ownerId))));
                if (ownerId != null && ownerId != actor.userId()) {
                    notifications.notifyUser(
                            ownerId,
                            ref.id(),
                            NotificationKind.ASSIGNED,
                            "assigned:" + (current.version() + 1),
                            actor.displayName());
                }
                return true;
            }
        }
        throw new VersionMismatchException("case " + ref.number() + " keeps changing; try again", lastVersion);
    }

    private String name(Long userId) {
        return userId == null
                ? null
                : accounts.find(userId).map(UserAccount::email).orElse("#" + userId);
    }
}
