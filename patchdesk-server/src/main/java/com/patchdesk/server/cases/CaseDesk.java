package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.DeskLocale;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.accounts.UserAccounts;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.VersionMismatchException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Opens cases, from a signed-in user or from inbound mail that matched no existing case. */
@Service
public class CaseDesk {

    private static final Pattern REPLY_PREFIX =
            Pattern.compile("^\\s*((re|fw|fwd|aw|wg|回复|答复|转发)\\s*[:：]\\s*)+", Pattern.CASE_INSENSITIVE);
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");

    private final JdbcClient jdbc;
    private final Organisations organisations;
    private final UserAccounts accounts;
    private final CaseAccess access;
    private final SlaTracking sla;
    private final AuditTrail audit;
    private final Clock clock;
    private final String unassignedOrganisation;
    private final CaseViews views;
    private final ApplicationEventPublisher events;

    CaseDesk(
            JdbcClient jdbc,
            Organisations organisations,
            UserAccounts accounts,
            CaseAccess access,
            SlaTracking sla,
            AuditTrail audit,
            Clock clock,
            @Value("${patchdesk.mail.unassigned-organisation:Unassigned}") String unassignedOrganisation,
            CaseViews views,
            ApplicationEventPublisher events) {
        this.views = views;
        this.events = events;
        this.jdbc = jdbc;
        this.organisations = organisations;
        this.accounts = accounts;
        this.access = access;
        this.sla = sla;
        this.audit = audit;
        this.clock = clock;
        this.unassignedOrganisation = unassignedOrganisation;
    }

    /** Opens a case as {@code actor}; a customer's case always belongs to their own organisation. */
    @Transactional
    public CaseRef open(Actor actor, NewCase request) {
        Objects.requireNonNull(actor, "actor");
        long organisationId;
        if (actor.isStaff()) {
            if (request.organisationId() == null) {
                throw new InvalidInputException("organisationId", "staff must name the organisation of a case");
            }
            organisationId = organisations
                    .find(request.organisationId())
                    .orElseThrow(() -> new InvalidInputException(
                            "organisationId",
                            Reason.of("problem.organisation.none", String.valueOf(request.organisationId()))))
                    .id();
        } else {
            if (request.organisationId() != null && !request.organisationId().equals(actor.organisationId())) {
                throw new InvalidInputException("organisationId", "customers open cases for their organisation");
            }
            organisationId = actor.organisationId();
        }
        // The case speaks the customer's language, not the interface language of the engineer who opens it.
        Locale language = request.language() != null
                ? parseLanguage(request.language())
                : actor.isStaff() ? customersLanguage(organisationId) : actor.locale();
        CaseRef ref = insert(actor, request, organisationId, language);
        if (!actor.isStaff()) {
            addContact(ref.id(), actor.userId(), actor.email(), actor.displayName());
        }
        events.publishEvent(new CaseEvents.Opened(
                ref, blankToNull(request.product()), request.priority().name()));
        return ref;
    }

    /**
     * Opens a case for mail that names no known case. The organisation is the sender's (by account, by being a
     * contact on an earlier case, or by the registered mail domain), else the configured unassigned organisation
     * ({@code patchdesk.mail.unassigned-organisation}). The sender becomes the case's contact. The caller appends
     * the MAIL_IN entry itself, with a reference to its stored message.
     */
    @Transactional
    public CaseRef openFromMail(String fromAddress, String subject, String body) {
        if (fromAddress == null || !fromAddress.contains("@")) {
            throw new IllegalArgumentException("not a mail address: " + fromAddress);
        }
        String sender = fromAddress.strip().toLowerCase(Locale.ROOT);
        Actor user = accounts.actorByEmail(sender).orElse(null);
        long organisationId = organisationOfSender(sender, user);
        String title = REPLY_PREFIX
                .matcher(subject == null ? "" : subject)
                .replaceFirst("")
                .strip();
        if (title.isEmpty()) {
            title = sender;
        }
        if (title.length() > 300) {
            title = title.substring(0, 299) + "…";
        }
        String text = title + " " + (body == null ? "" : body);
        Locale language = user != null && !user.isStaff()
                ? user.locale()
                : CJK.matcher(text).find() ? DeskLocale.CHINESE : DeskLocale.ENGLISH;
        NewCase request = new NewCase(title, Priority.P3, organisationId, body, null, null, null, null, null);
        CaseRef ref = insert(null, request, organisationId, language);
        addContact(ref.id(), user == null ? null : user.userId(), sender, user == null ? null : user.displayName());
        events.publishEvent(new CaseEvents.Opened(ref, null, request.priority().name()));
        return ref;
    }

    /**
     * Applies {@code changes} if the case is still at {@code expectedVersion}; otherwise nothing is written and
     * {@link VersionMismatchException} tells the caller to reload. Every changed field is audited.
     */
    @Transactional
    public CaseView update(Actor actor, CaseRef ref, long expectedVersion, CaseChanges changes) {
        changes.rejectOthers();
        CaseView before = views.of(ref);
        if (before.version() != expectedVersion) {
            throw new VersionMismatchException(
                    "case " + ref.number() + " is at version " + before.version() + ", not " + expectedVersion
                            + "; reload it and apply your change again",
                    before.version());
        }
        String title =
                changes.title() == null ? before.title() : changes.title().strip();
        if (title.isEmpty()) {
            throw new InvalidInputException("title", Reason.of("problem.case.titleNeeded"));
        }
        Priority priority = changes.priority() == null ? before.priority() : changes.priority();
        long organisationId = before.organisationId();
        if (changes.organisationId() != null && changes.organisationId() != organisationId) {
            organisationId = organisations
                    .find(changes.organisationId())
                    .orElseThrow(() -> new InvalidInputException(
                            "organisationId",
                            Reason.of("problem.organisation.none", String.valueOf(changes.organisationId()))))
                    .id();
        }
        String description = changes.description() == null ? before.description() : blankToNull(changes.description());
        String product = changes.product() == null ? before.product() : blankToNull(changes.product());
        String productVersion =
                changes.productVersion() == null ? before.productVersion() : blankToNull(changes.productVersion());
        Integer buildFamily = changes.productVersion() == null
                ? before.osBuildFamily()
                : OsBuildFamily.of(productVersion).orElse(null);
        String kb = changes.reportedKb() == null ? before.reportedKb() : upper(changes.reportedKb());
        String error =
                changes.reportedError() == null ? before.reportedError() : normaliseError(changes.reportedError());
        Long ownerId = before.ownerId();
        if (changes.ownerId() != null && !changes.ownerId().equals(ownerId)) {
            var owner = accounts.find(changes.ownerId())
                    .filter(user -> user.role().isStaff() && user.enabled())
                    .orElseThrow(() -> new InvalidInputException("ownerId", Reason.of("problem.owner.notStaff")));
            ownerId = owner.id();
        }
        String language =
                changes.language() == null ? before.language() : DeskLocale.tag(parseLanguage(changes.language()));
        List<FieldChange> fieldChanges = List.of(
                FieldChange.of("title", before.title(), title),
                FieldChange.of("priority", before.priority(), priority),
                FieldChange.of("organisationId", before.organisationId(), organisationId),
                FieldChange.of("description", before.description(), description),
                FieldChange.of("product", before.product(), product),
                FieldChange.of("productVersion", before.productVersion(), productVersion),
                FieldChange.of("reportedKb", before.reportedKb(), kb),
                FieldChange.of("reportedError", before.reportedError(), error),
                FieldChange.of("ownerId", before.ownerId(), ownerId),
                FieldChange.of("language", before.language(), language));
        if (fieldChanges.stream().noneMatch(FieldChange::changed)) {
            // Nothing to change: no new version, no audit row, no updated_at.
            return before;
        }
        Instant now = clock.instant();
        int updated = jdbc.sql("""
                UPDATE cases SET title = :title, priority = :priority, organisation_id = :org,
                                 description = :description, product = :product, product_version = :productVersion,
                                 os_build_family = :buildFamily, reported_kb = :kb, reported_error = :error,
                                 owner_id = :owner, language = :language, version = version + 1, updated_at = :now
                WHERE id = :id AND version = :expected""")
                .param("title", title)
                .param("priority", priority.name())
                .param("org", organisationId)
                .param("description", description)
                .param("product", product)
                .param("productVersion", productVersion)
                .param("buildFamily", buildFamily)
                .param("kb", kb)
                .param("error", error)
                .param("owner", ownerId)
                .param("language", language)
                .param("now", UtcTimestamps.toSql(now))
                .param("id", ref.id())
                .param("expected", expectedVersion)
                .update();
        if (updated == 0) {
            long current = views.of(ref).version();
            throw new VersionMismatchException(
                    "case " + ref.number() + " was changed meanwhile (now version " + current
                            + "); reload it and apply your change again",
                    current);
        }
        audit.record(actor, "case", ref.id(), ref.id(), "updated", fieldChanges);
        if (priority != before.priority()) {
            sla.priorityChanged(ref.id(), before.priority(), priority, now);
        }
        return views.of(ref);
    }

    /** The case's contacts, for the case page and for addressing mail. */
    public List<CaseContact> contacts(CaseRef ref) {
        return jdbc.sql("SELECT * FROM case_contacts WHERE case_id = :id ORDER BY id")
                .param("id", ref.id())
                .query((rs, n) -> new CaseContact(
                        rs.getLong("id"),
                        rs.getObject("user_id", Long.class),
                        rs.getString("email"),
                        rs.getString("name"),
                        rs.getString("phone")))
                .list();
    }

    /** Adds a contact (by address; an existing account with that address is linked). */
    @Transactional
    public List<CaseContact> addContact(Actor actor, CaseRef ref, NewContact contact) {
        String email = contact.email().strip().toLowerCase(Locale.ROOT);
        Long userId = accounts.actorByEmail(email)
                .filter(user -> !user.isStaff() && Objects.equals(user.organisationId(), ref.organisationId()))
                .map(Actor::userId)
                .orElse(null);
        addContact(ref.id(), userId, email, blankToNull(contact.name()));
        if (contact.phone() != null && !contact.phone().isBlank()) {
            jdbc.sql("UPDATE case_contacts SET phone = :phone WHERE case_id = :id AND email = :email")
                    .param("phone", contact.phone().strip())
                    .param("id", ref.id())
                    .param("email", email)
                    .update();
        }
        audit.record(
                actor, "case", ref.id(), ref.id(), "contact added", List.of(FieldChange.of("contact", null, email)));
        return contacts(ref);
    }

    /**
     * The language most of the organisation's customer accounts chose; with no accounts yet, Chinese, where the
     * desk's customers are (as the organisations' default time zone).
     */
    private Locale customersLanguage(long organisationId) {
        return jdbc.sql("""
                SELECT locale FROM users WHERE organisation_id = :org AND role = 'CUSTOMER' AND enabled = TRUE
                GROUP BY locale ORDER BY COUNT(*) DESC, locale DESC""").param("org", organisationId).query(String.class).list().stream()
                .findFirst()
                .map(DeskLocale::parse)
                .orElse(DeskLocale.CHINESE);
    }

    private long organisationOfSender(String sender, Actor user) {
        if (user != null && user.organisationId() != null) {
            return user.organisationId();
        }
        return organisationOfAddress(sender)
                .orElseGet(
                        () -> organisations.ensureExists(unassignedOrganisation).id());
    }

    /**
     * The organisation a mail from {@code address} (no account's) is filed under: where the address was last a
     * contact of a case (not counting the cases of strangers, filed under the unassigned organisation), else the
     * organisation that registered its mail domain; empty for a stranger. The mailbox's sender check asks the same, so
     * that a forged contact address is checked as that organisation's.
     */
    public Optional<Long> organisationOfAddress(String address) {
        List<Long> earlier = jdbc.sql("""
                SELECT c.organisation_id FROM case_contacts k JOIN cases c ON c.id = k.case_id
                JOIN organisations o ON o.id = c.organisation_id
                WHERE k.email = :email AND o.name <> :unassigned
                ORDER BY c.created_at DESC, c.id DESC""")
                .param("email", address)
                .param("unassigned", unassignedOrganisation)
                .query(Long.class)
                .list();
        if (!earlier.isEmpty()) {
            return Optional.of(earlier.get(0));
        }
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return organisations.findByEmailDomain(domain).map(Organisation::id);
    }

    private CaseRef insert(Actor actor, NewCase request, long organisationId, Locale language) {
        Instant now = clock.instant();
        CaseNumber number = unusedNumber();
        Integer buildFamily = OsBuildFamily.of(request.productVersion()).orElse(null);
        // Whoever on the staff opens a case owns it until they reassign it: an unowned case notifies nobody when
        // the customer uploads or replies (docs/engineer-day.md). Customers' and mail's cases wait in the queues.
        Long ownerId = actor != null && actor.isStaff() ? actor.userId() : null;
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO cases (number, title, description, priority, status, organisation_id, product,
                                   product_version, os_build_family, reported_kb, reported_error, language,
                                   owner_id, version, created_at, updated_at, first_response_due_at)
                VALUES (:number, :title, :description, :priority, 'NEW', :org, :product, :productVersion,
                        :buildFamily, :kb, :error, :language, :owner, 0, :now, :now, :firstDue)""")
                .param("number", number.value())
                .param("title", request.title().strip())
                .param("description", request.description())
                .param("priority", request.priority().name())
                .param("org", organisationId)
                .param("product", blankToNull(request.product()))
                .param("productVersion", blankToNull(request.productVersion()))
                .param("buildFamily", buildFamily)
                .param("kb", upper(request.reportedKb()))
                .param("error", normaliseError(request.reportedError()))
                .param("language", DeskLocale.tag(language))
                .param("owner", ownerId)
                .param("now", UtcTimestamps.toSql(now))
                .param("firstDue", UtcTimestamps.toSql(sla.firstResponseDue(organisationId, request.priority(), now)))
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        audit.record(
                actor,
                "case",
                id,
                id,
                "created",
                List.of(
                        FieldChange.of("number", null, number),
                        FieldChange.of("title", null, request.title().strip()),
                        FieldChange.of("priority", null, request.priority()),
                        FieldChange.of("organisationId", null, organisationId),
                        FieldChange.of("ownerId", null, ownerId),
                        FieldChange.of("status", null, CaseStatus.NEW)));
        return new CaseRef(id, number, organisationId, language, CaseStatus.NEW);
    }

    /** Numbers are never reused: closed cases keep theirs and cases are never deleted. */
    private CaseNumber unusedNumber() {
        while (true) {
            CaseNumber candidate = CaseNumber.random();
            if (access.resolve(candidate).isEmpty()) {
                return candidate;
            }
        }
    }

    void addContact(long caseId, Long userId, String email, String name) {
        String address = email.strip().toLowerCase(Locale.ROOT);
        Long existing = jdbc.sql("SELECT COUNT(*) FROM case_contacts WHERE case_id = :caseId AND email = :email")
                .param("caseId", caseId)
                .param("email", address)
                .query(Long.class)
                .single();
        if (existing == 0) {
            jdbc.sql("""
                    INSERT INTO case_contacts (case_id, user_id, email, name) VALUES (:caseId, :userId, :email, :name)""")
                    .param("caseId", caseId)
                    .param("userId", userId)
                    .param("email", address)
                    .param("name", name)
                    .update();
        }
    }

    private static Locale parseLanguage(String tag) {
        try {
            return DeskLocale.parse(tag);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("language", e.getMessage());
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static String upper(String text) {
        String value = blankToNull(text);
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /** {@code 800f0986} and {@code 0x800F0986} are the same code; store {@code 0x800F0986}. */
    static String normaliseError(String code) {
        String value = blankToNull(code);
        if (value == null) {
            return null;
        }
        String hex = value.toLowerCase(Locale.ROOT).startsWith("0x") ? value.substring(2) : value;
        return "0x" + hex.toUpperCase(Locale.ROOT);
    }
}
