package com.patchdesk.server.fleet;

import com.patchdesk.server.config.UtcTimestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The team's memory: resolved and closed cases whose findings share a failure signature with a diagnosis, a case
 * or a search, with what closed them. Staff only — the cases belong to every customer. Named as a bean so the
 * case and diagnosis pages can list them ({@code @fleetSimilar}) without their controllers knowing the fleet.
 */
@Service("fleetSimilar")
public class SimilarCases {

    private static final int LIMIT = 10;

    private final JdbcClient jdbc;
    private final FleetIndex index;

    SimilarCases(JdbcClient jdbc, FleetIndex index) {
        this.jdbc = jdbc;
        this.index = index;
    }

    /** Similar to the root causes of one diagnosis of a case (the case's own number is left out). */
    public List<SimilarCase> forDiagnosis(String caseNumber, long diagnosisId) {
        index.catchUp();
        return similarTo(signaturesOf("s.diagnosis_id = :id", diagnosisId), caseNumber);
    }

    /** Similar to the root causes of the latest diagnosis of each machine of a case. */
    public List<SimilarCase> forCase(String caseNumber) {
        index.catchUp();
        List<Long> latest =
                jdbc.sql("""
                SELECT MAX(b.diagnosis_id) FROM fleet_bundles b JOIN cases c ON c.id = b.case_id
                WHERE c.number = :number GROUP BY b.machine_id""").param("number", caseNumber).query(Long.class).list();
        List<Signature> wanted = new ArrayList<>();
        for (long id : latest) {
            signaturesOf("s.diagnosis_id = :id", id).stream()
                    .filter(s -> !wanted.contains(s))
                    .forEach(wanted::add);
        }
        return similarTo(wanted, caseNumber);
    }

    /** Search by any of signature, rule, code, component, KB (all given ones must hold of one finding). */
    List<SimilarCase> search(String signature, String rule, String code, String component, String kb) {
        index.catchUp();
        Signature probe = signature != null ? parse(signature) : new Signature(rule, code, kb, component, null);
        return similarTo(List.of(probe), null).stream()
                .filter(c -> c.score() >= (signature != null ? 100 : rule != null ? 10 : 5))
                .toList();
    }

    private List<Signature> signaturesOf(String where, long id) {
        return jdbc.sql("SELECT s.* FROM fleet_signatures s WHERE " + where + " ORDER BY s.position")
                .param("id", id)
                .query((rs, n) -> new Signature(
                        rs.getString("rule_id"),
                        rs.getString("code"),
                        rs.getString("kb"),
                        rs.getString("component"),
                        rs.getString("stepping_stone")))
                .list();
    }

    private List<SimilarCase> similarTo(List<Signature> wanted, String exceptCase) {
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Candidate> candidates = jdbc.sql("""
                SELECT c.number, c.title, c.status, c.updated_at, s.signature, s.rule_id, s.code, s.kb, s.component,
                       s.stepping_stone, s.title_en, s.title_zh
                FROM fleet_signatures s JOIN fleet_bundles b ON b.diagnosis_id = s.diagnosis_id
                JOIN cases c ON c.id = b.case_id
                WHERE c.status IN ('RESOLVED', 'CLOSED') AND c.number <> :except
                  AND (s.rule_id IN (:rules) OR s.code IN (:codes) OR s.kb IN (:kbs) OR s.component IN (:components))""")
                .param("except", exceptCase == null ? "" : exceptCase)
                .param("rules", values(wanted.stream().map(Signature::ruleId).toList()))
                .param("codes", values(wanted.stream().map(Signature::code).toList()))
                .param("kbs", values(wanted.stream().map(Signature::kb).toList()))
                .param(
                        "components",
                        values(wanted.stream().map(Signature::component).toList()))
                .query((rs, n) -> new Candidate(
                        rs.getString("number"),
                        rs.getString("title"),
                        rs.getString("status"),
                        UtcTimestamps.read(rs, "updated_at"),
                        new Signature(
                                rs.getString("rule_id"),
                                rs.getString("code"),
                                rs.getString("kb"),
                                rs.getString("component"),
                                rs.getString("stepping_stone")),
                        rs.getString("title_en"),
                        rs.getString("title_zh")))
                .list();
        Map<String, List<Scored>> byCase = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            int score =
                    wanted.stream().mapToInt(w -> score(w, c.signature())).max().orElse(0);
            if (score > 0) {
                byCase.computeIfAbsent(c.number(), k -> new ArrayList<>()).add(new Scored(c, score));
            }
        }
        List<SimilarCase> out = new ArrayList<>();
        byCase.forEach((number, scored) -> {
            scored.sort(Comparator.comparingInt(Scored::score).reversed());
            Candidate best = scored.get(0).candidate();
            List<String> matched = scored.stream()
                    .map(s -> s.candidate().signature().key())
                    .distinct()
                    .toList();
            out.add(new SimilarCase(
                    number,
                    best.title(),
                    best.status(),
                    best.updatedAt(),
                    scored.get(0).score(),
                    matched,
                    best.titleEn(),
                    best.titleZh(),
                    closureSummary(number)));
        });
        out.sort(Comparator.comparingInt(SimilarCase::score)
                .reversed()
                .thenComparing(SimilarCase::matched, Comparator.comparingInt(List::size))
                .thenComparing(SimilarCase::closedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return out.size() > LIMIT ? List.copyOf(out.subList(0, LIMIT)) : out;
    }

    static int score(Signature wanted, Signature found) {
        if (wanted.ruleId() != null && wanted.key().equals(found.key())) {
            return 100;
        }
        boolean fact = same(wanted.code(), found.code())
                || same(wanted.kb(), found.kb())
                || same(wanted.component(), found.component())
                || same(wanted.steppingStone(), found.steppingStone());
        if (wanted.ruleId() != null && wanted.ruleId().equals(found.ruleId())) {
            return fact ? 50 : 10;
        }
        return fact ? 5 : 0;
    }

    private static boolean same(String a, String b) {
        return a != null && a.equalsIgnoreCase(Objects.requireNonNullElse(b, ""));
    }

    /** {@code rule[code=…,kb=…]} back into its parts (the form {@link Signature#key()} writes). */
    static Signature parse(String key) {
        int open = key.indexOf('[');
        String rule = open < 0 ? key : key.substring(0, open);
        Map<String, String> facts = new HashMap<>();
        if (open >= 0 && key.endsWith("]")) {
            // Values may hold commas (two damaged components): a pair starts where a known fact name does.
            for (String pair :
                    key.substring(open + 1, key.length() - 1).split(",(?=(?:code|kb|component|stepping_stone)=)")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    facts.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return Signature.of(rule, facts);
    }

    private String closureSummary(String number) {
        return jdbc.sql("""
                SELECT e.body FROM case_entries e JOIN cases c ON c.id = e.case_id
                WHERE c.number = :number AND e.kind = 'STATUS_CHANGE' AND e.body IS NOT NULL
                  AND (e.summary LIKE '%→ CLOSED' OR e.summary LIKE '%→ RESOLVED')
                ORDER BY CASE WHEN e.summary LIKE '%→ CLOSED' THEN 0 ELSE 1 END, e.id DESC
                FETCH FIRST 1 ROWS ONLY""")
                .param("number", number)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /**
     * An IN list never empty (SQL refuses one), and without nulls; the stand-in for "none" is the empty string, which
     * no stored fact is (facts are stored as null when blank; PostgreSQL refuses a NUL character in text).
     */
    private static List<String> values(List<String> values) {
        List<String> present =
                values.stream().filter(Objects::nonNull).distinct().toList();
        return present.isEmpty() ? List.of("") : present;
    }

    private record Candidate(
            String number,
            String title,
            String status,
            Instant updatedAt,
            Signature signature,
            String titleEn,
            String titleZh) {}

    private record Scored(Candidate candidate, int score) {}
}
