package com.patchdesk.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.patchdesk.diagnosis.bundle.BundleScan;
import com.patchdesk.diagnosis.bundle.ReadFile;
import com.patchdesk.diagnosis.bundle.SkippedFile;
import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Finding;
import com.patchdesk.diagnosis.report.Outcome;
import com.patchdesk.diagnosis.report.ReportFormat;
import com.patchdesk.diagnosis.rules.EventFixtures;
import com.patchdesk.diagnosis.rules.EvidenceStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole chain of case CAS-10610 from one set of events, through the report in every format. */
class DiagnosisReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static DiagnosisReport caseReport() throws Exception {
        EvidenceStore store = new EvidenceStore();
        Path events = Path.of(DiagnosisReportTest.class
                .getResource("case-10610-all-rounds.events.yaml")
                .toURI());
        EventFixtures.load(events).forEach(store::accept);
        BundleScan scan = new BundleScan(
                "CAS-10610.zip",
                List.of(
                        new ReadFile("CBS.log", "cbs-log", "UTF-8", 4_000_000, 21_000),
                        new ReadFile("WindowsUpdate.log", "windows-update-log", "UTF-8", 300_000, 2_000)),
                List.of(new SkippedFile("photo.jpg", "binary file")));
        return Diagnosis.diagnose(scan, store);
    }

    /** The outcome line is the first an engineer reads: after "failure diagnosed" it names the leading cause. */
    @Test
    void theOutcomeLineNamesTheLeadingCause() throws Exception {
        DiagnosisReport report = caseReport();
        String lead = report.findings().get(0).title(Locale.ENGLISH);

        assertThat(ReportFormat.TEXT.render(report, Locale.ENGLISH).lines())
                .contains("Outcome: failure diagnosed — " + lead);
        assertThat(ReportFormat.MARKDOWN.render(report, Locale.SIMPLIFIED_CHINESE))
                .contains("**已诊断出失败原因** — " + report.findings().get(0).title(Locale.SIMPLIFIED_CHINESE));
    }

    /**
     * A healthy machine's routine codes (m05: an upgrade that reached OOBE, oobe.xml not found with 0x80070003) are
     * listed under a heading that says none is a failure, not under "root cause first"; a failure keeps that heading.
     */
    @Test
    void nothingFailedListsTheCodesSeenUnderAHeadingThatSaysNoneIsAFailure() throws Exception {
        DiagnosisReport healthy = Diagnosis.analyze(
                Path.of("src/test/resources/eval/real-excerpts-team/m05-w11-upgrade-reached-oobe-bfsvc-noise/bundle"));
        assertThat(healthy.outcome()).isEqualTo(Outcome.NO_FAILURE_FOUND);
        assertThat(healthy.findings()).isNotEmpty();

        assertThat(ReportFormat.TEXT.render(healthy, Locale.ENGLISH).lines())
                .contains("Findings (none of them a failure; for reference):")
                .doesNotContain("Findings (root cause first):");
        assertThat(ReportFormat.MARKDOWN.render(healthy, Locale.SIMPLIFIED_CHINESE))
                .contains("## 发现（均非失败，仅供参考）")
                .doesNotContain("根本原因在前");
        assertThat(ReportFormat.TEXT.render(caseReport(), Locale.ENGLISH).lines())
                .contains("Findings (root cause first):");
    }

    @Test
    void findsEveryCauseOfTheCaseWithTheRootCausesFirst() throws Exception {
        DiagnosisReport report = caseReport();

        assertThat(report.outcome()).isEqualTo(Outcome.FAILURE_DIAGNOSED);
        assertThat(report.findings().stream().map(Finding::ruleId))
                .containsSubsequence(
                        "wu-incomplete-download",
                        "ssu-prerequisite-failed",
                        "component-store-repairable",
                        "build-far-behind");
        Finding store = rootOf(report, "component-store-repairable");
        assertThat(store.children().stream().map(Finding::ruleId)).contains("forward-delta-failed");
        Finding download = rootOf(report, "wu-incomplete-download");
        assertThat(download.children().stream().map(Finding::ruleId)).contains("update-install-failed");
        assertThat(download.evidence().stream().map(e -> e.location()))
                .containsExactly("WindowsUpdate.log:1204", "CBS.log:5521", "WindowsUpdate.log:1890");
        assertThat(rootOf(report, "build-far-behind").facts()).containsEntry("stepping_stone", "KB5001342");
        assertThat(report.allFindings().stream().map(Finding::key)).contains("error-code-unknown[code=0x8024A1FF]");
        assertThat(report.bundle().osBuild()).contains("17763.774");
        assertThat(report.bundle().updateAttempts()).hasSize(2);
        assertThat(report.timeline()).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
    }

    @Test
    void jsonFollowsTheShippedSchema() throws Exception {
        String json = ReportFormat.JSON.render(caseReport(), Locale.ENGLISH);

        Schema schema;
        try (InputStream in = DiagnosisReport.class.getResourceAsStream("diagnosis-report.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        }
        JsonNode doc = JSON.readTree(json);
        List<Error> errors = schema.validate(doc);
        assertThat(errors).isEmpty();
        assertThat(doc.get("schema").asString()).isEqualTo("patchdesk.diagnosis/1");
        JsonNode first = doc.get("findings").get(0);
        assertThat(first.get("ruleId").asString()).isEqualTo("wu-incomplete-download");
        assertThat(first.get("facts").get("code").asString()).isEqualTo("0x80070490");
        assertThat(first.get("error").get("symbol").asString()).isEqualTo("ERROR_NOT_FOUND");
        assertThat(first.get("remediation").get(0).get("command").asString())
                .isEqualTo("net stop wuauserv & net stop bits & net stop cryptsvc");
        assertThat(doc.get("bundle").get("filesSkipped").get(0).get("reason").asString())
                .isEqualTo("binary file");
    }

    @Test
    void eachFormatWrittenToAStreamIsItsRenderedTextInUtf8AndLeavesTheStreamOpen() throws Exception {
        DiagnosisReport report = caseReport();
        for (ReportFormat format : ReportFormat.values()) {
            for (Locale language : List.of(Locale.ENGLISH, Locale.forLanguageTag("zh-CN"))) {
                var out = new java.io.ByteArrayOutputStream() {
                    boolean closed;

                    @Override
                    public void close() {
                        closed = true;
                    }
                };
                format.write(report, language, out);
                assertThat(out.toString(StandardCharsets.UTF_8))
                        .as(format + " " + language)
                        .isEqualTo(format.render(report, language));
                assertThat(out.closed).as("the caller's stream stays open").isFalse();
            }
        }
        assertThat(ReportFormat.JSON.render(report, Locale.forLanguageTag("zh-CN")))
                .as("the Chinese report has Chinese text to encode")
                .containsPattern("\\p{IsHan}");
    }

    @Test
    void aStreamThatFailsWhileAReportIsWrittenFailsTheWriteWithItsOwnError() throws Exception {
        DiagnosisReport report = caseReport();
        var full = new java.io.OutputStream() {
            long written;

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                written += len;
                if (written > 2_000) {
                    throw new java.io.IOException("No space left on device");
                }
            }
        };

        for (ReportFormat format : ReportFormat.values()) {
            full.written = 0;
            assertThatThrownBy(() -> format.write(report, Locale.forLanguageTag("zh-CN"), full))
                    .as(format.name())
                    .isExactlyInstanceOf(java.io.IOException.class)
                    .hasMessage("No space left on device");
        }
    }

    @Test
    void schemaRejectsADocumentWithoutFindings() throws Exception {
        Schema schema;
        try (InputStream in = DiagnosisReport.class.getResourceAsStream("diagnosis-report.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        }
        JsonNode broken = JSON.readTree("{\"schema\":\"patchdesk.diagnosis/1\",\"language\":\"en\"}");
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    @Test
    void rendersChineseTitlesMeaningsAndStepsInZhCn() throws Exception {
        DiagnosisReport report = caseReport();

        String text = ReportFormat.TEXT.render(report, Locale.SIMPLIFIED_CHINESE);
        assertThat(text).contains("Patchdesk 诊断报告", "KB5032196 下载不完整", "找不到元素", "停止 Windows 更新", "net stop wuauserv");
        String json = ReportFormat.JSON.render(report, Locale.forLanguageTag("zh-CN"));
        assertThat(JSON.readTree(json).get("language").asString()).isEqualTo("zh-CN");
        assertThat(json).contains("服务堆栈更新 KB5032306");
        String english = ReportFormat.TEXT.render(report, Locale.ENGLISH);
        assertThat(english).contains("Incomplete download of KB5032196").doesNotContain("诊断报告");
    }

    /** A Chinese reader sees why a file was skipped and who ran a round in Chinese; the JSON keeps the English. */
    @Test
    void skippedFilesAndCommandRoundsAreSaidInChinese(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("notes.txt"), "更新配置到99%时提示无法更新，然后撤销更改。\n");
        java.nio.file.Files.copy(
                java.nio.file.Path.of(
                        "src/test/resources/eval/real-excerpts-team/k11-1809-dism-get-currentedition-ok/bundle/console.txt"),
                dir.resolve("console.txt"));
        DiagnosisReport report = Diagnosis.analyze(dir);

        String text = ReportFormat.TEXT.render(report, Locale.SIMPLIFIED_CHINESE);
        assertThat(text)
                .contains("notes.txt — 无法识别此内容", "命令  -  成功")
                .doesNotContain("no reader recognised", "  command  ");
        assertThat(ReportFormat.JSON.render(report, Locale.forLanguageTag("zh-CN")))
                .contains("no reader recognised this content");
    }

    @Test
    void markdownHasTheChainAsSectionsAndCommandsAsCodeBlocks() throws Exception {
        String md = ReportFormat.MARKDOWN.render(caseReport(), Locale.ENGLISH);

        assertThat(md)
                .startsWith("# Patchdesk diagnosis")
                .contains("### 1. Incomplete download of KB5032196")
                .contains(
                        "```bat\n   DISM /Online /Cleanup-Image /RestoreHealth /Source:wim:D:\\sources\\install.wim:1 /LimitAccess\n   ```")
                .contains("| 2023-12-28 16:41:07 | download | KB5032196 | failure | 0x80248007 |");
    }

    @Test
    void markdownNamesEachSkippedFileWithItsReasonInTheReportsLanguage() throws Exception {
        assertThat(ReportFormat.MARKDOWN.render(caseReport(), Locale.ENGLISH))
                .contains("## Files skipped\n\n- `photo.jpg` — binary file");
        assertThat(ReportFormat.MARKDOWN.render(caseReport(), Locale.forLanguageTag("zh-CN")))
                .contains("## 已跳过文件")
                .contains("| 时间 | 阶段 | KB | 结果 | 错误代码 | 来源 |")
                .contains("| 下载 | KB5032196 | 失败 | 0x80248007 |");
        assertThat(ReportFormat.TEXT.render(caseReport(), Locale.forLanguageTag("zh-CN")))
                .contains("下载  KB5032196  失败 0x80248007");
    }

    /** 800 routine sessions, then the failing one: the timeline keeps the newest entries, where the failure is. */
    @Test
    void timelineKeepsTheLatestEntriesOfALongHistory() {
        EvidenceStore store = new EvidenceStore();
        LocalDateTime start = LocalDateTime.of(2023, 12, 1, 8, 0);
        for (int i = 0; i < 800; i++) {
            store.accept(new Event(
                    EventKind.SESSION,
                    new SourceLine("CBS.log", i + 1, "session " + i),
                    start.plusMinutes(30L * i),
                    Map.of(Fact.OPERATION, "session " + i)));
        }
        LocalDateTime failed = start.plusDays(30);
        store.accept(new Event(
                EventKind.UPDATE_ATTEMPT,
                new SourceLine("WindowsUpdate.log", 9, "install failed"),
                failed,
                Map.of(Fact.PHASE, "install", Fact.KB, "KB5032196", Fact.RESULT, "failure")));
        BundleScan scan = new BundleScan("long.zip", List.of(), List.of());

        DiagnosisReport report = Diagnosis.diagnose(scan, store);

        assertThat(report.timeline()).hasSize(500);
        assertThat(report.timeline().get(report.timeline().size() - 1).time()).isEqualTo(failed);
        assertThat(ReportFormat.TEXT.render(report, Locale.ENGLISH))
                .contains("… 460 earlier entries")
                .contains("KB5032196");
    }

    @Test
    void findingKeysAreStableAcrossTwoRunsOfTheSameCase() throws Exception {
        assertThat(caseReport().allFindings().stream().map(Finding::key).toList())
                .isEqualTo(caseReport().allFindings().stream().map(Finding::key).toList());
    }

    private static Finding rootOf(DiagnosisReport report, String ruleId) {
        return report.findings().stream()
                .filter(f -> f.ruleId().equals(ruleId))
                .findFirst()
                .orElseThrow(() -> new AssertionError(ruleId + " is not a root cause: "
                        + report.findings().stream().map(Finding::key).toList()));
    }
}
