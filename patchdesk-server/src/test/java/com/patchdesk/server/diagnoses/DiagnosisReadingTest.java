package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

public class DiagnosisReadingTest {

    @Test
    void readsTheChainInOrderWithEachSymptomUnderItsCause() throws IOException {
        DiagnosisReading report = DiagnosisReading.of(fixture("seed-chain-zh-CN.report.json"));

        assertThat(report.findings())
                .extracting(f -> f.depth() + " " + f.ruleId())
                .containsExactly("0 wu-incomplete-download", "1 package-not-found", "0 forward-delta-failed");
        var download = report.findings().get(0);
        assertThat(download.title()).contains("下载不完整");
        assertThat(download.error().symbol()).isEqualTo("WU_E_DS_NODATA");
        assertThat(download.evidence())
                .extracting(DiagnosisReading.EvidenceLine::location)
                .containsExactly("WindowsUpdate.log:1204", "WindowsUpdate.log:2210");
        // Stored before evidence had context: just the cited line.
        assertThat(download.evidence()).allSatisfy(e -> {
            assertThat(e.hasContext()).isFalse();
            assertThat(e.surroundings())
                    .singleElement()
                    .satisfies(n -> assertThat(n.cited()).isTrue());
        });
        assertThat(download.evidenceNotListed()).isEqualTo(5);
        assertThat(download.remediation())
                .extracting(DiagnosisReading.Step::command)
                .containsExactly("net stop wuauserv", "rd /s /q C:\\Windows\\SoftwareDistribution\\Download", null);
    }

    @Test
    void readsWhatWasReadAndSkippedAndTheUpdateAttempts() throws IOException {
        DiagnosisReading report = DiagnosisReading.of(fixture("seed-chain-zh-CN.report.json"));

        assertThat(report.osBuild()).isEqualTo("17763.774");
        assertThat(report.filesRead())
                .extracting(DiagnosisReading.FileRead::encoding)
                .containsExactly("UTF-8", "UTF-16LE", "GB18030");
        assertThat(report.filesSkipped())
                .extracting(DiagnosisReading.FileSkipped::path)
                .containsExactly("setupapi.dev.log", "Logs/CBS/CbsPersist_20231228.cab");
        assertThat(report.chartAttempts())
                .containsExactly(
                        new ChartedAttempt(
                                LocalDate.of(2023, 12, 28),
                                ChartedAttempt.Phase.DOWNLOAD,
                                ChartedAttempt.Outcome.FAILED),
                        new ChartedAttempt(
                                LocalDate.of(2023, 12, 28),
                                ChartedAttempt.Phase.DOWNLOAD,
                                ChartedAttempt.Outcome.FAILED),
                        new ChartedAttempt(
                                LocalDate.of(2023, 12, 29),
                                ChartedAttempt.Phase.DOWNLOAD,
                                ChartedAttempt.Outcome.SUCCEEDED),
                        new ChartedAttempt(
                                LocalDate.of(2023, 12, 29),
                                ChartedAttempt.Phase.INSTALL,
                                ChartedAttempt.Outcome.FAILED),
                        new ChartedAttempt(
                                LocalDate.of(2024, 1, 23),
                                ChartedAttempt.Phase.INSTALL,
                                ChartedAttempt.Outcome.FAILED));
    }

    @Test
    void evidenceWithContextReadsAsTheSurroundingLinesInOrderWithTheCitedOneMarked() throws IOException {
        String withContext = fixture("seed-chain-zh-CN.report.json")
                .replace(
                        "\"line\": 1204,",
                        "\"line\": 1204, \"before\": [{\"line\": 1202, \"text\": \"前一行 a\"}, {\"line\": 1203, \"text\": \"b\"}],"
                                + " \"after\": [{\"line\": 1205, \"text\": \"c\"}],");
        assertThat(withContext).contains("前一行");

        var evidence =
                DiagnosisReading.of(withContext).findings().get(0).evidence().get(0);

        assertThat(evidence.hasContext()).isTrue();
        assertThat(evidence.surroundings())
                .extracting(n -> n.line() + (n.cited() ? "*" : ""))
                .containsExactly("1202", "1203", "1204*", "1205");
        assertThat(evidence.surroundings().get(0).text()).isEqualTo("前一行 a");
    }

    @Test
    void refusesAReportThatIsNotJsonOrOfAnotherSchema() throws IOException {
        assertThatThrownBy(() -> DiagnosisReading.of(fixture("not-json.report.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> DiagnosisReading.of("{\"schema\": \"patchdesk.diagnosis/2\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patchdesk.diagnosis/2");
    }

    public static String fixture(String name) throws IOException {
        try (InputStream in = DiagnosisReadingTest.class.getResourceAsStream("/web/diagnosis/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
