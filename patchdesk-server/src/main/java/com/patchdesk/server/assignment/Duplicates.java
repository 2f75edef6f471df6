package com.patchdesk.server.assignment;

import com.patchdesk.server.cases.CaseEvents;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.EntryWording;
import com.patchdesk.server.config.UtcTimestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Likely duplicates of a case: open cases of the same organisation with the same KB and error code, opened within
 * {@link #WINDOW} of it. A case opened without KB or code fields (inbound mail) is compared by the KB number and
 * error code its title and description name. New cases with likely duplicates get an internal note naming them, so
 * the engineer sees it on the timeline and can merge from the case page.
 */
@Service
public class Duplicates {

    static final Duration WINDOW = Duration.ofDays(30);
    private static final Pattern KB = Pattern.compile("(?i)\\bKB\\s?(\\d{6,8})\\b");
    private static final Pattern ERROR = Pattern.compile("(?i)\\b0x([0-9a-f]{8})\\b");

    /** A case that looks like the same problem. */
    public record Candidate(String number, String title, String status, Instant createdAt) {}

    private final JdbcClient jdbc;
    private final CaseTimeline timeline;

    Duplicates(JdbcClient jdbc, CaseTimeline timeline) {
        this.jdbc = jdbc;
        this.timeline = timeline;
    }

    private record Facts(long organisationId, String kb, String error, Instant createdAt) {}

    public List<Candidate> of(CaseRef ref) {
        Facts facts = jdbc.sql("""
                SELECT organisation_id, reported_kb, reported_error, title, description, created_at
                FROM cases WHERE id = :id""")
                .param("id", ref.id())
                .query((rs, n) -> {
                    String text = rs.getString("title") + " "
                            + (rs.getString("description") == null ? "" : rs.getString("description"));
                    String kb =
                            rs.getString("reported_kb") != null ? rs.getString("reported_kb") : find(KB, text, "KB");
                    String error = rs.getString("reported_error") != null
                            ? rs.getString("reported_error")
                            : find(ERROR, text, "0x");
                    return new Facts(rs.getLong("organisation_id"), kb, error, UtcTimestamps.read(rs, "created_at"));
                })
                .single();
        if (facts.kb() == null || facts.error() == null) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT c.number, c.title, c.status, c.created_at FROM cases c
                WHERE c.organisation_id = :org AND c.id <> :id AND c.status <> 'CLOSED'
                  AND c.reported_kb = :kb AND c.reported_error = :error
                  AND c.created_at BETWEEN :from AND :to
                  AND NOT EXISTS (SELECT 1 FROM case_merges m WHERE m.source_case_id = c.id)
                ORDER BY c.created_at DESC FETCH FIRST 10 ROWS ONLY""")
                .param("org", facts.organisationId())
                .param("id", ref.id())
                .param("kb", facts.kb())
                .param("error", facts.error())
                .param("from", UtcTimestamps.toSql(facts.createdAt().minus(WINDOW)))
                .param("to", UtcTimestamps.toSql(facts.createdAt().plus(WINDOW)))
                .query((rs, n) -> new Candidate(
                        rs.getString(1), rs.getString(2), rs.getString(3), UtcTimestamps.read(rs, "created_at")))
                .list();
    }

    @EventListener
    @Order(2)
    void suggest(CaseEvents.Opened opened) {
        List<Candidate> candidates = of(opened.ref());
        if (!candidates.isEmpty()) {
            String numbers = candidates.stream().map(Candidate::number).collect(Collectors.joining(", "));
            timeline.append(
                    opened.ref(),
                    EntryKind.NOTE,
                    null,
                    EntryWording.of("entry.text.likelyDuplicate", numbers),
                    List.of(EntryWording.of("entry.text.likelyDuplicateWhy", numbers)),
                    "duplicates",
                    null,
                    true);
        }
    }

    private static String find(Pattern pattern, String text, String prefix) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? prefix + matcher.group(1).toUpperCase(Locale.ROOT) : null;
    }
}
