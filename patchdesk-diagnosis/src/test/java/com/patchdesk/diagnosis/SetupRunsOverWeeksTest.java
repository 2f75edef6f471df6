package com.patchdesk.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Finding;
import com.patchdesk.diagnosis.report.Outcome;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A machine's Panther folder over weeks: a failed upgrade that rolled back (m04's rollback log and m03's SetupDiag
 * result of the same machine's failure, 0x8007000D while the Safe OS applied the image, re-dated to 12 February 2026)
 * and another upgrade that reached the new Windows' first boot and ended it with 0 (m05's setupact.log), a week after
 * the rollback or a week before it.
 */
class SetupRunsOverWeeksTest {

    private static final String FAILED = "windows-setup-failed";
    private static final String SETUPDIAG = "setupdiag-result";

    @Test
    void aRollbackFollowedAWeekLaterByAnUpgradeThatWentOnIsHistory() throws Exception {
        DiagnosisReport report = Diagnosis.analyze(bundle("setup/rollback-then-upgrade-a-week-later"));

        assertThat(report.allFindings()).extracting(Finding::ruleId).doesNotContain(FAILED, SETUPDIAG);
        assertThat(report.allHistory()).extracting(Finding::ruleId).contains(FAILED, SETUPDIAG);
        assertThat(report.outcome()).isNotEqualTo(Outcome.FAILURE_DIAGNOSED);
    }

    /** SetupDiag's result is timed by the upgrade it read (UpgradeEndTime), so an earlier upgrade does not settle it. */
    @Test
    void aRollbackAWeekAfterAnUpgradeThatWentOnStays() throws Exception {
        DiagnosisReport report = Diagnosis.analyze(bundle("setup/upgrade-then-rollback-a-week-later"));

        assertThat(report.allFindings()).extracting(Finding::ruleId).contains(FAILED, SETUPDIAG);
        assertThat(report.outcome()).isEqualTo(Outcome.FAILURE_DIAGNOSED);
    }

    private static Path bundle(String resource) throws Exception {
        return Path.of(Objects.requireNonNull(
                        SetupRunsOverWeeksTest.class.getClassLoader().getResource(resource))
                .toURI());
    }
}
