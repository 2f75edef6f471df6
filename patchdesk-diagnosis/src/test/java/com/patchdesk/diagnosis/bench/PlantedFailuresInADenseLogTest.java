package com.patchdesk.diagnosis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never a lost failure: the benchmark's real line mix (12 MB, as dense as real CBS logs, thousands of sessions and
 * packages before each failure) with its three planted failures, each of which the report must name. An SSU failure
 * planted after 2 MB had been lost: sessions had filled the evidence store's shared pool of groups.
 */
class PlantedFailuresInADenseLogTest {

    /** The real CBS.log lines the mix is made of (the shared corpus lies beside the checkout, in CI too). */
    private static final Path CORPUS = Path.of("../../shared/corpus/public");

    @Test
    void everyPlantedFailureIsInTheReport(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(CORPUS.resolve("real-excerpts")), "the shared corpus is not beside the checkout");
        Path log = dir.resolve("CBS.log");
        RealMixCbsLogGenerator.write(log, 12L * 1024 * 1024, CORPUS, 17763);

        DiagnosisReport report = Diagnosis.analyze(log);

        assertThat(report.allFindings())
                .extracting(Finding::ruleId)
                .contains("ssu-prerequisite-failed", "forward-delta-failed");
        assertThat(report.allFindings())
                .filteredOn(f -> f.ruleId().equals("ssu-prerequisite-failed"))
                .anySatisfy(f -> assertThat(f.facts()).containsValue("KB5032306"));
        assertThat(report.allFindings()).anySatisfy(f -> assertThat(f.facts()).containsEntry("code", "0x80070490"));
    }
}
