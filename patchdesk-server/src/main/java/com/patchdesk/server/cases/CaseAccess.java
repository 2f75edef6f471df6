package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.DeskLocale;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The one place that decides who may do what with a case. Staff may do everything with every case. Customers see
 * only their organisation's cases — any other case is reported as not found, exactly like a case that does not
 * exist — and of those only the customer actions of {@link CaseAction}; the rest is refused with 403.
 */
@Component
public class CaseAccess {

    private final JdbcClient jdbc;

    CaseAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public CaseRef require(Actor actor, CaseNumber number, CaseAction action) {
        Objects.requireNonNull(number, "number");
        CaseRef ref = resolve(number).orElseThrow(() -> new CaseNotFoundException(number.value()));
        return check(actor, ref, action, number.value());
    }

    /**
     * The case a page's path names ({@code /cases/{number}/…}): a path segment that is not a case number is simply a
     * case that does not exist.
     */
    public CaseRef require(Actor actor, String pathNumber, CaseAction action) {
        return require(
                actor,
                CaseNumber.tryParse(pathNumber).orElseThrow(() -> new CaseNotFoundException(pathNumber)),
                action);
    }

    public CaseRef require(Actor actor, long caseId, CaseAction action) {
        CaseRef ref = jdbc.sql(SELECT + " WHERE id = :id")
                .param("id", caseId)
                .query(CaseAccess::row)
                .optional()
                .orElseThrow(() -> new CaseNotFoundException("#" + caseId));
        return check(actor, ref, action, "#" + caseId);
    }

    /**
     * The case with this number, without any permission check. For trusted server-side callers that act for no
     * signed-in user (inbound mail matched by subject, background jobs); never for input from a user's request.
     */
    public Optional<CaseRef> resolve(CaseNumber number) {
        return jdbc.sql(SELECT + " WHERE number = :number")
                .param("number", number.value())
                .query(CaseAccess::row)
                .optional();
    }

    private static CaseRef check(Actor actor, CaseRef ref, CaseAction action, String reference) {
        Objects.requireNonNull(actor, "actor");
        if (actor.isStaff()) {
            return ref;
        }
        if (!Objects.equals(actor.organisationId(), ref.organisationId())) {
            throw new CaseNotFoundException(reference);
        }
        if (!action.allowedForCustomer()) {
            throw new AccessDeniedException("customers may not " + action.name().toLowerCase() + " on a case");
        }
        return ref;
    }

    private static final String SELECT = "SELECT id, number, organisation_id, language, status FROM cases";

    private static CaseRef row(ResultSet rs, int rowNum) throws SQLException {
        return new CaseRef(
                rs.getLong("id"),
                new CaseNumber(rs.getString("number")),
                rs.getLong("organisation_id"),
                DeskLocale.parse(rs.getString("language")),
                CaseStatus.valueOf(rs.getString("status")));
    }
}
