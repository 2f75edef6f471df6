package com.patchdesk.server.repair;

import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.diagnoses.Diagnoses;
import com.patchdesk.server.diagnoses.DiagnosisView;
import com.patchdesk.server.diagnoses.FindingChanges;
import com.patchdesk.server.diagnoses.StoredFinding;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Whether the last repair step worked, in one line for the case page: when the latest diagnosis follows a repair kit
 * published on the case, or a previous diagnosis that prescribed a stepping-stone or servicing-stack update, its
 * comparison with the previous diagnosis ({@link FindingChanges}) says whether the findings the step was for are gone.
 */
@Service
public class FixVerdicts {

    /** Findings whose remedy is a stepping-stone or servicing-stack update. */
    static final Set<String> UPDATE_STEPS =
            Set.of("build-far-behind", "ssu-prerequisite-failed", "ssu-prerequisite-not-completed");

    private final Diagnoses diagnoses;
    private final JdbcClient jdbc;

    FixVerdicts(Diagnoses diagnoses, JdbcClient jdbc) {
        this.diagnoses = diagnoses;
        this.jdbc = jdbc;
    }

    /** {@code outcome}: worked (all the previous findings are gone), partly, or not (none of them is gone). */
    public record Verdict(String step, String outcome, int fixed, int stillThere, int added) {}

    public Optional<Verdict> of(long caseId) {
        Optional<DiagnosisView> latest = diagnoses.latestCompleted(caseId);
        if (latest.isEmpty()
                || latest.get().changes() == null
                || latest.get().changes().previousDiagnosisId() == null) {
            return Optional.empty();
        }
        FindingChanges changes = latest.get().changes();
        Optional<DiagnosisView> previous = diagnoses.view(caseId, changes.previousDiagnosisId());
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        String step = kitBetween(
                        caseId, previous.get().finishedAt(), latest.get().createdAt())
                ? "kit"
                : previous.get().findings().stream().map(StoredFinding::ruleId).anyMatch(UPDATE_STEPS::contains)
                        ? "update"
                        : null;
        if (step == null) {
            return Optional.empty();
        }
        int fixed = changes.fixed().size();
        int still = changes.stillThere().size();
        String outcome = fixed > 0 && still == 0 ? "worked" : fixed > 0 ? "partly" : "not";
        return Optional.of(
                new Verdict(step, outcome, fixed, still, changes.added().size()));
    }

    /** A repair kit published on the case after the previous diagnosis and before the latest bundle's diagnosis. */
    private boolean kitBetween(long caseId, Instant after, Instant before) {
        if (after == null || before == null) {
            return false;
        }
        return jdbc.sql("""
                SELECT COUNT(*) FROM case_files WHERE case_id = :case AND origin = 'published'
                  AND name LIKE 'PatchdeskRepairKit\\_%' ESCAPE '\\' AND uploaded_at >= :after AND uploaded_at <= :before""")
                        .param("case", caseId)
                        .param("after", UtcTimestamps.toSql(after))
                        .param("before", UtcTimestamps.toSql(before))
                        .query(Integer.class)
                        .single()
                > 0;
    }
}
