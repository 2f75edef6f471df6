package com.patchdesk.server.diagnoses;

import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.DiagnosisSummary;
import com.patchdesk.server.cases.LatestDiagnosis;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives the case-desk templates (e.g. the analysis update, the draft reply to the customer) the latest completed
 * diagnosis of the case: in the mail's language from the report kept per language, else in the language the case
 * had when it was diagnosed.
 */
@Component
class CaseLatestDiagnosis implements LatestDiagnosis {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Diagnoses diagnoses;

    CaseLatestDiagnosis(Diagnoses diagnoses) {
        this.diagnoses = diagnoses;
    }

    @Override
    public Optional<DiagnosisSummary> of(CaseRef ref) {
        return diagnoses.latestSummary(ref.id()).map(stored -> {
            ChildJvmAnalyzer.Summary summary = JSON.readValue(stored.json(), ChildJvmAnalyzer.Summary.class);
            String headline = summary.headline() == null ? "" : summary.headline();
            return new DiagnosisSummary(headline, summary.findings(), summary.plan(), stored.finishedAt());
        });
    }

    /** Read from the report kept in {@code language}: root causes and their plan, short file names. */
    @Override
    public Optional<DiagnosisSummary> of(CaseRef ref, Locale language) {
        return diagnoses
                .latestSummary(ref.id())
                .flatMap(stored -> diagnoses
                        .reportJson(ref.id(), stored.id(), language)
                        .flatMap(json -> RootCauseSummary.of(json, stored.finishedAt())))
                .or(() -> of(ref));
    }
}
