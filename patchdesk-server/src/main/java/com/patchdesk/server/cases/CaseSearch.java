package com.patchdesk.server.cases;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.ControlCharacters;
import com.patchdesk.server.web.ConsoleSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;

/**
 * The one query over cases behind the API's list, the console's list and queue and the portal: filters, the SLA
 * standing and full-text search.
 * <p>
 * Search is {@code LIKE} on lower-cased text, the same on H2 and PostgreSQL, and finds Chinese words inside
 * unspaced text, where word-based full-text indexes would not. Every word must occur in the case's own fields or in
 * a timeline entry the viewer may see (mail in and out with their subjects, calls, notes; customers never match
 * internal notes). On PostgreSQL both searched texts ({@link #CASE_TEXT}, {@link #ENTRY_TEXT}), written as
 * {@link SearchText} says, have trigram indexes ({@link SearchIndexes}) that serve words of three characters or more
 * and Chinese words of two.
 * The WHERE clause is assembled only from fixed fragments; every value the user typed is a bound parameter.
 */
@Service
public class CaseSearch {

    public static final int MAX_TERMS = 8;
    public static final int MAX_PAGE = 200;

    /** The searched text of a case; {@code %1$s} is the table alias with its dot, or nothing in the index. */
    static final String CASE_TEXT = "LOWER(%1$snumber || ' ' || %1$stitle || ' ' || COALESCE(%1$sdescription, '')"
            + " || ' ' || COALESCE(%1$sreported_kb, '') || ' ' || COALESCE(%1$sreported_error, ''))";
    /**
     * The searched text of a timeline entry: its summary (for mail the sender or recipients and the subject, as
     * far as 500 characters hold it) and its body (for mail the text of the mail).
     */
    static final String ENTRY_TEXT = "LOWER(%1$ssummary || ' ' || COALESCE(%1$sbody, ''))";

    private static final String OPEN = "c.status NOT IN ('RESOLVED', 'CLOSED')";
    /** The earliest response owed, as {@link SlaClock#nextDue()} computes it. */
    private static final String DUE = "(CASE WHEN c.first_responded_at IS NULL AND (c.next_update_due_at IS NULL"
            + " OR c.first_response_due_at <= c.next_update_due_at) THEN c.first_response_due_at"
            + " ELSE c.next_update_due_at END)";

    /** How a list is ordered. */
    public enum Order {
        /** Newest case first (the API). */
        NEWEST("c.created_at DESC, c.id DESC"),
        /** Most recently changed first (the console). */
        RECENTLY_UPDATED("c.updated_at DESC, c.id DESC");

        private final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    private final JdbcClient jdbc;
    private final Supplier<SearchText> text;
    private final CaseViews views;
    private final Clock clock;
    private final Duration warning;

    /**
     * The planner's answer per searched word, kept for a while: it changes only when PostgreSQL's statistics do
     * (ANALYZE, autovacuum), and asking cost a round trip and a plan per search (bench/load-test.sh).
     */
    private final Cache<String, Boolean> commonWords = CacheBuilder.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    CaseSearch(JdbcClient jdbc, DataSource dataSource, CaseViews views, Clock clock, ConsoleSettings settings) {
        this.jdbc = jdbc;
        // Known once the migrations have run, which is after this bean is made.
        this.text = SingletonSupplier.of(() -> SearchText.of(dataSource, jdbc));
        this.views = views;
        this.clock = clock;
        this.warning = settings.slaWarning();
    }

    /** One case the caller has already been allowed to see (the {@link CaseRef} proves the check). */
    public CaseView one(CaseRef ref) {
        return views.of(ref);
    }

    /** Cases matching {@code filter}; a customer only ever gets their organisation's. */
    public List<CaseView> find(Actor viewer, CaseFilter filter, Order order, int limit, int offset) {
        if (!viewer.isStaff()
                && filter.organisationId() != null
                && !filter.organisationId().equals(viewer.organisationId())) {
            return List.of();
        }
        Instant now = clock.instant();
        Query query = query(viewer, filter, order, limit, offset, now);
        return jdbc.sql(query.sql())
                .params(query.params())
                .query((rs, n) -> CaseViews.row(rs, now))
                .list();
    }

    /** The SQL of a search with its bound values. */
    record Query(String sql, Map<String, Object> params, String countSql) {}

    /** How many cases match {@code filter} in all, for the list's total and page count. */
    public long count(Actor viewer, CaseFilter filter) {
        if (!viewer.isStaff()
                && filter.organisationId() != null
                && !filter.organisationId().equals(viewer.organisationId())) {
            return 0;
        }
        Query query = query(viewer, filter, Order.NEWEST, 1, 0, clock.instant());
        Map<String, Object> params = new LinkedHashMap<>(query.params());
        params.remove("limit");
        params.remove("offset");
        return jdbc.sql(query.countSql()).params(params).query(Long.class).single();
    }

    Query query(Actor viewer, CaseFilter filter, Order order, int limit, int offset, Instant now) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (!viewer.isStaff()) {
            where.add("c.organisation_id = :viewerOrganisation");
            params.put("viewerOrganisation", viewer.organisationId());
        } else if (filter.organisationId() != null) {
            where.add("c.organisation_id = :org");
            params.put("org", filter.organisationId());
        }
        if (filter.status() != null) {
            where.add("c.status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.priority() != null) {
            where.add("c.priority = :priority");
            params.put("priority", filter.priority().name());
        }
        if (filter.ownerId() != null) {
            if (filter.ownerId() == 0) {
                where.add("c.owner_id IS NULL");
            } else {
                where.add("c.owner_id = :owner");
                params.put("owner", filter.ownerId());
            }
        }
        String kb = kb(filter.kb());
        if (kb != null) {
            where.add("c.reported_kb = :kb");
            params.put("kb", kb);
        }
        String error = CaseDesk.normaliseError(filter.error());
        if (error != null) {
            where.add("c.reported_error = :error");
            params.put("error", error);
        }
        if (filter.sla() != null) {
            where.add(slaCondition(filter.sla()));
            params.put("now", UtcTimestamps.toSql(now));
            params.put("warnFrom", UtcTimestamps.toSql(now.plus(warning)));
        }
        List<String> terms = terms(filter.text());
        for (int i = 0; i < terms.size(); i++) {
            String p = ":term" + i;
            String visible = viewer.isStaff() ? "" : " AND e.internal = FALSE";
            // One id list per word, each arm a plain LIKE on an indexed expression, so PostgreSQL can use the
            // trigram indexes (a correlated EXISTS per case could not).
            SearchText form = text.get().forWord(terms.get(i));
            String pattern = "%" + escapeLike(form.word(terms.get(i))) + "%";
            if (common(form, pattern)) {
                // A word in many cases: walk the cases in the list's order and stop at the page's last one, looking
                // at each case's entries through their case index. A scalar subquery, because PostgreSQL would
                // turn an EXISTS here into one hashed scan of every entry.
                where.add("(" + form.sql(CASE_TEXT, "c.") + " LIKE " + p + " ESCAPE '\\' OR (SELECT 1 FROM"
                        + " case_entries e WHERE e.case_id = c.id AND " + form.sql(ENTRY_TEXT, "e.") + " LIKE " + p
                        + " ESCAPE '\\'" + visible + " LIMIT 1) IS NOT NULL)");
            } else {
                where.add("c.id IN (SELECT x.id FROM cases x WHERE " + form.sql(CASE_TEXT, "x.") + " LIKE " + p
                        + " ESCAPE '\\' UNION SELECT e.case_id FROM case_entries e WHERE "
                        + form.sql(ENTRY_TEXT, "e.")
                        + " LIKE " + p + " ESCAPE '\\'" + visible + ")");
            }
            params.put("term" + i, pattern);
        }
        params.put("limit", Math.max(1, Math.min(limit, MAX_PAGE)));
        params.put("offset", Math.max(0, offset));
        String conditions = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        String sql = CaseViews.SELECT + conditions + " ORDER BY " + order.sql + " LIMIT :limit OFFSET :offset";
        return new Query(sql, params, "SELECT COUNT(*) FROM cases c" + conditions);
    }

    /**
     * Whether PostgreSQL's statistics expect {@code pattern} in at least {@link #COMMON_HITS} cases and entries. The
     * list of matching ids (the trigram indexes) costs what the matches cost: a millisecond for a rare word, 20–40 ms
     * for one in every case of 10,000; walking the cases newest first costs what the page costs: under 2 ms for a
     * common word, 30 ms for a rare one, which it reads to the end (docs/performance.md, "Load"). Only where the
     * trigram indexes exist: elsewhere both shapes scan, and H2 has no such estimate.
     */
    private boolean common(SearchText form, String pattern) {
        if (text.get() == SearchText.PLAIN) {
            return false;
        }
        return commonWords.asMap().computeIfAbsent(form + pattern, key -> estimatedCommon(form, pattern));
    }

    private boolean estimatedCommon(SearchText form, String pattern) {
        String plan = String.join(
                "\n",
                jdbc.sql("EXPLAIN (FORMAT JSON) SELECT 1 FROM cases x WHERE " + form.sql(CASE_TEXT, "x.")
                                + " LIKE :p ESCAPE '\\' UNION ALL SELECT 1 FROM case_entries e WHERE "
                                + form.sql(ENTRY_TEXT, "e.") + " LIKE :p ESCAPE '\\'")
                        .param("p", pattern)
                        .query(String.class)
                        .list());
        Matcher rows = PLAN_ROWS.matcher(plan);
        return rows.find() && Double.parseDouble(rows.group(1)) >= COMMON_HITS;
    }

    /** The estimate from which walking the cases pays (measured on 10,000 cases with two entries each). */
    static final int COMMON_HITS = 500;

    /** The first, outermost node's row estimate in PostgreSQL's JSON plan. */
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.]+)");

    /**
     * Open, running cases whose response is owed within {@code horizon} or already overdue, most urgent first.
     * Staff only: customers have no queue.
     */
    public List<CaseView> dueWithin(Duration horizon) {
        Instant now = clock.instant();
        return jdbc.sql(CaseViews.SELECT + " WHERE " + OPEN + " AND c.sla_paused_at IS NULL AND " + DUE
                        + " IS NOT NULL AND " + DUE + " <= :until ORDER BY " + DUE + ", c.id")
                .param("until", UtcTimestamps.toSql(now.plus(horizon)))
                .query((rs, n) -> CaseViews.row(rs, now))
                .list();
    }

    /** Where {@code view} stands now; "at risk" within {@code patchdesk.web.sla-warning} of its target. */
    public SlaState standing(CaseView view) {
        return SlaState.of(view, clock.instant(), warning);
    }

    /**
     * The words of {@code text}, lower-cased; Chinese text has no spaces, so a word is a substring. Control
     * characters are refused (400): no stored text holds them, PostgreSQL refuses U+0000 in a query parameter, and
     * dropping them turned {@code q=%00} into a search for everything.
     */
    static List<String> terms(String searched) {
        ControlCharacters.requireClean("q", searched);
        String text = searched;
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.strip().toLowerCase(Locale.ROOT).split("\\s+"))
                .distinct()
                .limit(MAX_TERMS)
                .toList();
    }

    /** {@code kb5032196} and {@code 5032196} both mean {@code KB5032196}. */
    static String kb(String kb) {
        String value = CaseDesk.upper(kb);
        return value == null || value.startsWith("KB") ? value : "KB" + value;
    }

    static String escapeLike(String term) {
        return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String slaCondition(SlaState state) {
        String running = OPEN + " AND c.sla_paused_at IS NULL";
        return switch (state) {
            case BREACHED -> "(" + running + " AND " + DUE + " <= :now)";
            case AT_RISK -> "(" + running + " AND " + DUE + " > :now AND " + DUE + " <= :warnFrom)";
            case ON_TRACK -> "(" + running + " AND (" + DUE + " IS NULL OR " + DUE + " > :warnFrom))";
            case PAUSED -> "(" + OPEN + " AND c.sla_paused_at IS NOT NULL)";
            case STOPPED -> "NOT (" + OPEN + ")";
        };
    }
}
