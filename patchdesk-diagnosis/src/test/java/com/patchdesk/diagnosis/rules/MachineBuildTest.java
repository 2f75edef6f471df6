package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The machine's build where a bundle states it without its revision. */
class MachineBuildTest {

    /**
     * Chinese systeminfo of a Server 2019 (h08 in eval/real-excerpts-team) says "10.0.17763 暂缺 Build 17763" and lists
     * seven installed updates; the newest cumulative one of them, KB5016623 (August 2022), brings 17763.3287.
     */
    @Test
    void systeminfosNewestInstalledCumulativeUpdateGivesTheRevision() throws Exception {
        DiagnosisReport report = Diagnosis.analyze(
                Path.of("src/test/resources/os-version/systeminfo.zh-CN.hotfixes-without-revision.txt"));

        assertThat(report.bundle().osBuild()).hasValue("17763.3287");
    }

    /** Without a list of updates the build stays unknown rather than guessed. */
    @Test
    void aBuildWithoutItsRevisionAndNoUpdatesListedStaysUnknown() throws Exception {
        DiagnosisReport report = Diagnosis.analyze(Path.of("src/test/resources/os-version/systeminfo.en.txt"));

        assertThat(report.bundle().osBuild()).isEmpty();
    }
}
