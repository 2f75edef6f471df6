package com.patchdesk.server.closing;

import com.patchdesk.server.accounts.DeskLocale;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.ClosureFacts;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a case ended, from what the desk recorded rather than the raw timeline: the root causes (depth 0 of every
 * finished diagnosis's chain), the files published to the customer (kits, stepping-stone packages) and the
 * diagnoses' remediation plans, and the verdict of the latest diagnosis. Reads the diagnosis and download-link
 * tables directly (read-only), so the diagnosis and file features need not know about closing.
 */
@Component
class CaseClosureFacts implements ClosureFacts {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    /** A summary to send, not a log: a longer plan is cut here with a pointer to the diagnosis page. */
    private static final int MAX_PLAN_STEPS = 8;

    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final Organisations organisations;

    CaseClosureFacts(JdbcClient jdbc, MessageSource messages, Organisations organisations) {
        this.organisations = organisations;
        this.jdbc = jdbc;
        this.messages = messages;
    }

    @Override
    public Closure of(CaseRef ref) {
        Locale language = ref.language();
        return new Closure(rootCauses(ref, language), steps(ref, language), result(ref, language));
    }

    private List<String> rootCauses(CaseRef ref, Locale language) {
        String title = DeskLocale.CHINESE.equals(language) ? "f.title_zh" : "f.title_en";
        List<String> titles = jdbc.sql("SELECT " + title + " AS title FROM diagnosis_findings f"
                        + " JOIN diagnoses d ON d.id = f.diagnosis_id"
                        + " WHERE d.case_id = :case AND d.status = 'done' AND f.depth = 0"
                        + " ORDER BY d.id, f.position")
                .param("case", ref.id())
                .query(String.class)
                .list();
        return List.copyOf(new LinkedHashSet<>(titles));
    }

    private List<String> steps(CaseRef ref, Locale language) {
        List<String> steps = new ArrayList<>();
        ZoneId zone = zone(ref);
        jdbc.sql("""
                SELECT f.name, MIN(l.created_at) AS first_published FROM download_links l
                JOIN case_files f ON f.id = l.file_id
                WHERE l.case_id = :case
                GROUP BY f.name ORDER BY MIN(l.created_at), f.name""")
                .param("case", ref.id())
                .query((rs, n) -> messages.getMessage(
                        "closing.facts.published",
                        new Object[] {
                            rs.getString("name"),
                            DATE.format(rs.getObject("first_published", java.time.OffsetDateTime.class)
                                    .toInstant()
                                    .atZone(zone))
                        },
                        language))
                .list()
                .forEach(steps::add);
        Set<String> plan = new LinkedHashSet<>();
        for (String json :
                jdbc.sql("""
                SELECT summary_json FROM diagnoses
                WHERE case_id = :case AND status = 'done' AND summary_json IS NOT NULL ORDER BY id""").param("case", ref.id()).query(String.class).list()) {
            JSON.readTree(json)
                    .path("plan")
                    .valueStream()
                    .map(JsonNode::asString)
                    .forEach(plan::add);
        }
        plan.stream().limit(MAX_PLAN_STEPS).forEach(steps::add);
        if (plan.size() > MAX_PLAN_STEPS) {
            steps.add(messages.getMessage(
                    "closing.facts.more-steps", new Object[] {plan.size() - MAX_PLAN_STEPS}, language));
        }
        return steps;
    }

    private String result(CaseRef ref, Locale language) {
        record Latest(String outcome, String headline, Instant at) {}
        Optional<Latest> latest = jdbc
                .sql("""
                SELECT outcome, summary_json, finished_at FROM diagnoses
                WHERE case_id = :case AND status = 'done' ORDER BY id DESC""")
                .param("case", ref.id())
                .query((rs, n) -> {
                    String json = rs.getString("summary_json");
                    String headline = json == null
                            ? ""
                            : JSON.readTree(json).path("headline").asString("");
                    return new Latest(
                            rs.getString("outcome"),
                            headline,
                            rs.getObject("finished_at", java.time.OffsetDateTime.class)
                                    .toInstant());
                })
                .list()
                .stream()
                .findFirst();
        if (latest.isEmpty()) {
            return messages.getMessage("closing.facts.result.none", null, language);
        }
        String when = DATE.format(latest.get().at().atZone(zone(ref)));
        String outcome = latest.get().outcome() == null ? "" : latest.get().outcome();
        return switch (outcome) {
            case "healthy", "installed", "no-failure-found" ->
                messages.getMessage("closing.facts.result." + outcome, new Object[] {when}, language);
            case "failure-diagnosed" ->
                messages.getMessage(
                        "closing.facts.result.failing",
                        new Object[] {when, latest.get().headline()},
                        language);
            default -> messages.getMessage("closing.facts.result.unknown", new Object[] {when}, language);
        };
    }

    private ZoneId zone(CaseRef ref) {
        return organisations.find(ref.organisationId()).map(Organisation::zone).orElse(Organisations.DEFAULT_ZONE);
    }
}
