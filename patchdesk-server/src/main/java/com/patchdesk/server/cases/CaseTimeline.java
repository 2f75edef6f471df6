package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The history of a case: mail, calls, notes, uploads, diagnoses, status changes. Entries are append-only.
 * Internal entries are for staff; customers never receive them from {@link #entries}.
 */
@Component
public class CaseTimeline {

    static final int SUMMARY_LENGTH = 500;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SlaTracking sla;
    private final ApplicationEventPublisher events;
    private final EntryWordings wordings;

    CaseTimeline(
            JdbcClient jdbc, Clock clock, SlaTracking sla, ApplicationEventPublisher events, EntryWordings wordings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.sla = sla;
        this.events = events;
        this.wordings = wordings;
    }

    /**
     * Appends an entry the server words ("Likely duplicate of CAS-…", a merge, a fleet note) in English: each reader
     * of the console and portal reads it in their language, while the summary and body columns keep its English,
     * which the API and the search read.
     *
     * @param body the body's lines; null for none
     * @return the new entry's id
     */
    @Transactional
    public long append(
            CaseRef ref,
            EntryKind kind,
            Actor author,
            EntryWording summary,
            List<EntryWording> body,
            String refType,
            Long refId,
            boolean internal) {
        return append(ref, kind, author, summary, body, refType, refId, internal, Locale.ENGLISH);
    }

    /**
     * As {@link #append(CaseRef, EntryKind, Actor, EntryWording, List, String, Long, boolean)}, with the summary and
     * body columns in {@code storedIn}: a diagnosis's entry is kept in the case's language, as the API has always
     * given it.
     */
    @Transactional
    public long append(
            CaseRef ref,
            EntryKind kind,
            Actor author,
            EntryWording summary,
            List<EntryWording> body,
            String refType,
            Long refId,
            boolean internal,
            Locale storedIn) {
        EntryWordings.Stored wording = new EntryWordings.Stored(summary, body);
        return insert(
                ref,
                kind,
                author,
                wordings.say(summary, storedIn),
                body == null ? null : wordings.say(body, storedIn),
                refType,
                refId,
                internal,
                clock.instant(),
                EntryWordings.json(wording));
    }

    /**
     * Appends an entry now. A visible mail, call or note written by staff counts as a response to the customer
     * for the SLA clocks.
     *
     * @param author null for system entries (e.g. mail from an unknown sender)
     * @param summary one line; cut to 500 characters
     * @param refType what {@code refId} points at, e.g. {@code "mail_message"} or {@code "upload"}; may be null
     * @return the new entry's id
     */
    @Transactional
    public long append(
            CaseRef ref,
            EntryKind kind,
            Actor author,
            String summary,
            String body,
            String refType,
            Long refId,
            boolean internal) {
        return append(ref, kind, author, summary, body, refType, refId, internal, clock.instant());
    }

    /** Appends an entry of something that happened at {@code occurredAt}, e.g. a phone call logged afterwards. */
    @Transactional
    long append(
            CaseRef ref,
            EntryKind kind,
            Actor author,
            String summary,
            String body,
            String refType,
            Long refId,
            boolean internal,
            Instant occurredAt) {
        return insert(ref, kind, author, summary, body, refType, refId, internal, occurredAt, null);
    }

    private long insert(
            CaseRef ref,
            EntryKind kind,
            Actor author,
            String summary,
            String body,
            String refType,
            Long refId,
            boolean internal,
            Instant occurredAt,
            String wording) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(kind, "kind");
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO case_entries (case_id, kind, author_id, occurred_at, summary, body, ref_type, ref_id,
                                          internal, wording)
                VALUES (:caseId, :kind, :authorId, :at, :summary, :body, :refType, :refId, :internal, :wording)""")
                .param("caseId", ref.id())
                .param("kind", kind.name())
                .param("authorId", author == null ? null : author.userId())
                .param("at", UtcTimestamps.toSql(occurredAt))
                .param("summary", oneLine(summary))
                .param("body", body)
                .param("refType", refType)
                .param("refId", refId)
                .param("internal", internal)
                .param("wording", wording)
                .update(keys, "id");
        jdbc.sql("UPDATE cases SET updated_at = :at WHERE id = :id")
                .param("at", UtcTimestamps.toSql(clock.instant()))
                .param("id", ref.id())
                .update();
        if (author != null && author.isStaff() && !internal && kind.answersCustomer()) {
            sla.staffResponded(ref.id(), occurredAt);
        }
        long id = keys.getKeyAs(Long.class);
        events.publishEvent(new CaseEvents.EntryAppended(
                ref,
                id,
                kind,
                author == null ? null : author.userId(),
                author != null && author.isStaff(),
                internal,
                oneLine(summary)));
        return id;
    }

    /** The entries {@code viewer} may see, oldest first. */
    public List<CaseEntry> entries(CaseRef ref, Actor viewer) {
        return select(ref, seesInternal(ref, viewer), null, null);
    }

    /** One page of a timeline, oldest first; {@code more} says whether entries follow the last one. */
    public record Page(List<CaseEntry> entries, boolean more) {}

    /**
     * The entries {@code viewer} may see after the entry {@code afterId} (from the start when null), oldest
     * first, at most {@code limit}. The cursor is an entry, not an offset, so entries added while a client pages
     * neither repeat nor go missing.
     *
     * @throws IllegalArgumentException when {@code afterId} is no entry of this case the viewer may see
     */
    public Page page(CaseRef ref, Actor viewer, Long afterId, int limit) {
        boolean seesInternal = seesInternal(ref, viewer);
        CaseEntry cursor = null;
        if (afterId != null) {
            cursor = jdbc.sql(SELECT + " WHERE e.id = :id AND e.case_id = :caseId AND (:all OR e.internal = FALSE)")
                    .param("id", afterId)
                    .param("caseId", ref.id())
                    .param("all", seesInternal)
                    .query(CaseTimeline::row)
                    .optional()
                    .orElseThrow(() -> new IllegalArgumentException("no entry " + afterId + " on this case"));
        }
        List<CaseEntry> rows = select(ref, seesInternal, cursor, limit + 1);
        return rows.size() > limit ? new Page(rows.subList(0, limit), true) : new Page(rows, false);
    }

    /** Whether {@code viewer} sees internal entries; a customer of another organisation sees no case at all. */
    private static boolean seesInternal(CaseRef ref, Actor viewer) {
        if (!viewer.isStaff() && !Objects.equals(viewer.organisationId(), ref.organisationId())) {
            throw new CaseNotFoundException(ref.number().value());
        }
        return viewer.isStaff();
    }

    /** What the customer sees, e.g. for texts that go to the customer whoever writes them. */
    List<CaseEntry> customerVisibleEntries(CaseRef ref) {
        return select(ref, false, null, null);
    }

    private static final String SELECT = """
            SELECT e.*, u.display_name AS author_name
            FROM case_entries e LEFT JOIN users u ON u.id = e.author_id
            """;

    /** The entries in timeline order, those after {@code after} when given, at most {@code maxRows} when given. */
    private List<CaseEntry> select(CaseRef ref, boolean seesInternal, CaseEntry after, Integer maxRows) {
        var query = jdbc.sql(SELECT
                        + """
                 WHERE e.case_id = :caseId AND (:all OR e.internal = FALSE)%s
                 ORDER BY e.occurred_at, e.id%s""".formatted(
                                        after == null
                                                ? ""
                                                : " AND (e.occurred_at > :at OR (e.occurred_at = :at AND e.id > :afterId))",
                                        maxRows == null ? "" : " FETCH FIRST " + maxRows + " ROWS ONLY"))
                .param("caseId", ref.id())
                .param("all", seesInternal);
        if (after != null) {
            query = query.param("at", UtcTimestamps.toSql(after.occurredAt())).param("afterId", after.id());
        }
        return query.query(CaseTimeline::row).list();
    }

    private static String oneLine(String summary) {
        String line = summary == null ? "" : summary.strip().replaceAll("\\s+", " ");
        return line.length() <= SUMMARY_LENGTH ? line : line.substring(0, SUMMARY_LENGTH - 1) + "…";
    }

    private static CaseEntry row(ResultSet rs, int rowNum) throws SQLException {
        return new CaseEntry(
                rs.getLong("id"),
                rs.getLong("case_id"),
                EntryKind.valueOf(rs.getString("kind")),
                rs.getObject("author_id", Long.class),
                rs.getString("author_name"),
                UtcTimestamps.read(rs, "occurred_at"),
                rs.getString("summary"),
                rs.getString("body"),
                rs.getString("ref_type"),
                rs.getObject("ref_id", Long.class),
                rs.getBoolean("internal"),
                EntryWordings.parse(rs.getString("wording")));
    }
}
