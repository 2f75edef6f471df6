package com.patchdesk.server.accounts;

import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The customer organisations. Creating and renaming is for admins; the rest of the server only reads. */
@Service
public class Organisations {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    Organisations(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Organisation create(Actor admin, String name, String emailDomain) {
        requireAdmin(admin);
        return insert(admin, name, emailDomain);
    }

    /**
     * The organisation with this exact name, created if missing. For server-side routing targets such as the
     * configured "unassigned" organisation of inbound mail; not reachable from a user request.
     */
    @Transactional
    public Organisation ensureExists(String name) {
        return findByName(name).orElseGet(() -> {
            try {
                return insert(null, name, null);
            } catch (InvalidInputException raceLost) {
                return findByName(name).orElseThrow(() -> raceLost);
            }
        });
    }

    public Optional<Organisation> find(long id) {
        return jdbc.sql("SELECT * FROM organisations WHERE id = :id").param("id", id)
                .query(Organisations::row).optional();
    }

    public Organisation require(long id) {
        return find(id).orElseThrow(() -> new ResourceNotFoundException("no organisation " + id));
    }

    public Optional<Organisation> findByName(String name) {
        return jdbc.sql("SELECT * FROM organisations WHERE name = :name").param("name", name)
                .query(Organisations::row).optional();
    }

    /** The organisation that registered this mail domain ({@code bank.example}), if any. */
    public Optional<Organisation> findByEmailDomain(String domain) {
        return jdbc.sql("SELECT * FROM organisations WHERE email_domain = :domain")
                .param("domain", normaliseDomain(domain))
                .query(Organisations::row).optional();
    }

    /** Staff see every organisation, a customer only their own. */
    public List<Organisation> visibleTo(Actor actor) {
        if (actor.isStaff()) {
            return jdbc.sql("SELECT * FROM organisations ORDER BY name").query(Organisations::row).list();
        }
        return find(actor.organisationId()).map(List::of).orElse(List.of());
    }

    private Organisation insert(Actor actor, String name, String emailDomain) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "an organisation needs a name");
        }
        String domain = normaliseDomain(emailDomain);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("INSERT INTO organisations (name, email_domain, created_at) VALUES (:name, :domain, :at)")
                    .param("name", name.strip())
                    .param("domain", domain)
                    .param("at", UtcTimestamps.toSql(clock.instant()))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException("name", "an organisation with this name or mail domain exists");
        }
        long id = keys.getKeyAs(Long.class);
        audit.record(actor, "organisation", id, null, "created",
                List.of(FieldChange.of("name", null, name.strip()), FieldChange.of("emailDomain", null, domain)));
        return require(id);
    }

    private static String normaliseDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            return null;
        }
        return domain.strip().toLowerCase(Locale.ROOT);
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("only admins manage organisations");
        }
    }

    private static Organisation row(ResultSet rs, int rowNum) throws SQLException {
        return new Organisation(rs.getLong("id"), rs.getString("name"), rs.getString("email_domain"),
                UtcTimestamps.read(rs, "created_at"));
    }
}
