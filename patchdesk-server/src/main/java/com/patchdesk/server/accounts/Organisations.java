package com.patchdesk.server.accounts;

import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The customer organisations. Creating and renaming is for admins; the rest of the server only reads. */
@Service
public class Organisations {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    private final TransactionTemplate ownTransaction;

    Organisations(JdbcClient jdbc, AuditTrail audit, Clock clock, PlatformTransactionManager transactions) {
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Where organisations created without a time zone are (the column's default). */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    @Transactional
    public Organisation create(Actor admin, String name, String emailDomain) {
        return create(admin, name, emailDomain, null);
    }

    /** As {@link #create(Actor, String, String)}; {@code timeZone} null means {@link #DEFAULT_ZONE}. */
    @Transactional
    public Organisation create(Actor admin, String name, String emailDomain, String timeZone) {
        requireAdmin(admin);
        return insert(admin, name, emailDomain, zone(timeZone));
    }

    /** Admins move an organisation to another time zone, e.g. a branch abroad. */
    @Transactional
    public Organisation setTimeZone(Actor admin, long id, String timeZone) {
        requireAdmin(admin);
        Organisation before = require(id);
        ZoneId zone = zone(timeZone);
        jdbc.sql("UPDATE organisations SET time_zone = :zone WHERE id = :id")
                .param("zone", zone.getId())
                .param("id", id)
                .update();
        audit.record(
                admin,
                "organisation",
                id,
                null,
                "updated",
                List.of(FieldChange.of("timeZone", before.timeZone(), zone.getId())));
        return require(id);
    }

    /**
     * Admins turn the sender check of the organisation's inbound mail off (its mail servers sign nothing) or on.
     */
    @Transactional
    public Organisation setMailAuthenticationCheck(Actor admin, long id, boolean check) {
        requireAdmin(admin);
        Organisation before = require(id);
        jdbc.sql("UPDATE organisations SET check_mail_authentication = :check WHERE id = :id")
                .param("check", check)
                .param("id", id)
                .update();
        audit.record(
                admin,
                "organisation",
                id,
                null,
                "updated",
                List.of(FieldChange.of(
                        "checkMailAuthentication",
                        String.valueOf(before.checkMailAuthentication()),
                        String.valueOf(check))));
        return require(id);
    }

    /** Admins change (or clear, with blank) the mail domain whose unknown senders open cases for the organisation. */
    @Transactional
    public Organisation setEmailDomain(Actor admin, long id, String emailDomain) {
        requireAdmin(admin);
        Organisation before = require(id);
        String domain = normaliseDomain(emailDomain);
        if (domain != null && !domain.matches("([a-z0-9-]+\\.)+[a-z]{2,}")) {
            throw new InvalidInputException("emailDomain", "must be a domain like bank.example");
        }
        try {
            jdbc.sql("UPDATE organisations SET email_domain = :domain WHERE id = :id")
                    .param("domain", domain)
                    .param("id", id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException("emailDomain", "another organisation has this mail domain");
        }
        audit.record(
                admin,
                "organisation",
                id,
                null,
                "updated",
                List.of(FieldChange.of("emailDomain", before.emailDomain(), domain)));
        return require(id);
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return DEFAULT_ZONE;
        }
        try {
            // Region ids only: a fixed offset such as +08:00 would be wrong half the year where clocks change.
            ZoneId zone = ZoneId.of(timeZone.strip());
            boolean utc = zone.getId().equals("UTC") || zone.getId().equals("Etc/UTC");
            if (zone.normalized() instanceof java.time.ZoneOffset && !utc) {
                throw new InvalidInputException("timeZone", "give a region such as Asia/Shanghai, not an offset");
            }
            return zone;
        } catch (java.time.DateTimeException e) {
            throw new InvalidInputException("timeZone", "unknown time zone " + timeZone.strip());
        }
    }

    /**
     * The organisation with this exact name, created if missing. For server-side routing targets such as the
     * configured "unassigned" organisation of inbound mail; not reachable from a user request.
     */
    public Organisation ensureExists(String name) {
        return findByName(name).orElseGet(() -> createOrFind(name));
    }

    /**
     * Creates the organisation in a transaction of its own, so that when another request (or server instance)
     * created it first, the failed insert does not doom the caller's transaction (PostgreSQL refuses every
     * statement after an error) and the other's row, committed by then, is returned instead.
     */
    Organisation createOrFind(String name) {
        try {
            return ownTransaction.execute(status -> insert(null, name, null, DEFAULT_ZONE));
        } catch (InvalidInputException duplicate) {
            return findByName(name).orElseThrow(() -> duplicate);
        }
    }

    public Optional<Organisation> find(long id) {
        return jdbc.sql("SELECT * FROM organisations WHERE id = :id")
                .param("id", id)
                .query(Organisations::row)
                .optional();
    }

    public Organisation require(long id) {
        return find(id).orElseThrow(() -> new ResourceNotFoundException("no organisation " + id));
    }

    public Optional<Organisation> findByName(String name) {
        return jdbc.sql("SELECT * FROM organisations WHERE name = :name")
                .param("name", name)
                .query(Organisations::row)
                .optional();
    }

    /** The organisation that registered this mail domain ({@code bank.example}), if any. */
    public Optional<Organisation> findByEmailDomain(String domain) {
        return jdbc.sql("SELECT * FROM organisations WHERE email_domain = :domain")
                .param("domain", normaliseDomain(domain))
                .query(Organisations::row)
                .optional();
    }

    /** Staff see every organisation, a customer only their own. */
    public List<Organisation> visibleTo(Actor actor) {
        if (actor.isStaff()) {
            return jdbc.sql("SELECT * FROM organisations ORDER BY name")
                    .query(Organisations::row)
                    .list();
        }
        return find(actor.organisationId()).map(List::of).orElse(List.of());
    }

    private Organisation insert(Actor actor, String name, String emailDomain, ZoneId zone) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "an organisation needs a name");
        }
        String domain = normaliseDomain(emailDomain);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                    INSERT INTO organisations (name, email_domain, time_zone, created_at)
                    VALUES (:name, :domain, :zone, :at)""")
                    .param("name", name.strip())
                    .param("zone", zone.getId())
                    .param("domain", domain)
                    .param("at", UtcTimestamps.toSql(clock.instant()))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException("name", "an organisation with this name or mail domain exists");
        }
        long id = keys.getKeyAs(Long.class);
        audit.record(
                actor,
                "organisation",
                id,
                null,
                "created",
                List.of(
                        FieldChange.of("name", null, name.strip()),
                        FieldChange.of("emailDomain", null, domain),
                        FieldChange.of("timeZone", null, zone.getId())));
        return require(id);
    }

    private static String normaliseDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            return null;
        }
        // A domain may be written with the root's dot ("bank.example."), in a From address too, and is the same.
        String normalised = domain.strip().toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
        return normalised.isEmpty() ? null : normalised;
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("only admins manage organisations");
        }
    }

    private static Organisation row(ResultSet rs, int rowNum) throws SQLException {
        return new Organisation(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("email_domain"),
                UtcTimestamps.read(rs, "created_at"),
                rs.getString("time_zone"),
                rs.getBoolean("check_mail_authentication"));
    }
}
