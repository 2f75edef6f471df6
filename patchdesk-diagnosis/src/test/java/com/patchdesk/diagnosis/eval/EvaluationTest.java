package com.patchdesk.diagnosis.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.AnalysisOptions;
import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.bundle.BundleScan;
import com.patchdesk.diagnosis.bundle.ReadFile;
import com.patchdesk.diagnosis.bundle.SkippedFile;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.rules.EvidenceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a case is judged, apart from the engine's answer. */
class EvaluationTest {

    /**
     * Case folders are named for what they are, often with their code, and the report states the path it read: an
     * expectation met only by the folder's name is not met.
     */
    @Test
    void aCasesFolderNameDoesNotMeetItsExpectations(@TempDir Path root) throws Exception {
        Path dir = root.resolve("c01-wsus-scan-0x80244019-selfupdate");
        Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(
                dir.resolve("bundle").resolve("notes.txt"),
                "The machine was restarted on Monday.\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("expect.txt"), "0x80244019\nselfupdate\n", StandardCharsets.UTF_8);

        Evaluation.CaseResult result = Evaluation.run(List.of(root), AnalysisOptions.defaults())
                .cases()
                .get(0);

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("0x80244019"));
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("selfupdate"));
    }

    /**
     * A reader that throws keeps what it read before and the file is listed as skipped: a case whose expectations the
     * first lines still meet must fail for the defect, or it hides behind a passing case.
     */
    @Test
    void aReaderDefectFailsTheCaseEvenWhenItsExpectationsAreMet() {
        Expectations expect = new Expectations(List.of(List.of("no-failure-found")), List.of());
        DiagnosisReport sound = report(List.of(new SkippedFile("photo.jpg", "binary file")));
        DiagnosisReport defect =
                report(List.of(SkippedFile.readerFailed("CBS.log", new NullPointerException("key"), "key")));

        assertThat(Evaluation.problems(sound, expect)).isEmpty();
        assertThat(Evaluation.problems(defect, expect))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("reader defect on CBS.log", "NullPointerException"));
    }

    private static DiagnosisReport report(List<SkippedFile> skipped) {
        BundleScan scan =
                new BundleScan("bundle", List.of(new ReadFile("CBS.log", "cbs-log", "UTF-8", 1_000, 10)), skipped);
        return Diagnosis.diagnose(scan, new EvidenceStore());
    }
}
