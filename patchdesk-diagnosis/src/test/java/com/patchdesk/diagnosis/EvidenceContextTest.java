package com.patchdesk.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Evidence;
import com.patchdesk.diagnosis.report.ReportFormat;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Evidence lines with the lines around them, read again after the rules with the scan's own line splitting. */
class EvidenceContextTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(EvidenceContextTest.class.getResource("context/" + name).toURI());
    }

    private static DiagnosisReport analyze(Path input, int lines) throws Exception {
        return Diagnosis.analyze(input, AnalysisOptions.defaults().withContextLines(lines));
    }

    private static List<Evidence> evidence(DiagnosisReport report) {
        return report.allFindings().stream().flatMap(f -> f.evidence().stream()).toList();
    }

    private static Evidence cited(DiagnosisReport report, long line) {
        return evidence(report).stream()
                .filter(e -> e.line() == line)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void withoutContextNothingIsAttached() throws Exception {
        DiagnosisReport report = Diagnosis.analyze(fixture("error-on-first-and-last-line.log"));

        assertThat(evidence(report)).isNotEmpty().allSatisfy(e -> {
            assertThat(e.before()).isEmpty();
            assertThat(e.after()).isEmpty();
        });
        assertThat(ReportFormat.JSON.render(report, Locale.ENGLISH)).doesNotContain("\"before\"", "\"after\"");
    }

    @Test
    void contextStopsAtTheStartAndTheEndOfTheFile() throws Exception {
        DiagnosisReport report = analyze(fixture("error-on-first-and-last-line.log"), 3);

        Evidence first = cited(report, 1);
        assertThat(first.before()).isEmpty();
        assertThat(first.after()).extracting(Evidence.NearbyLine::line).containsExactly(2L, 3L, 4L);
        assertThat(first.after().get(0).text()).contains("Failed to execute execution chain");
        Evidence last = cited(report, 4);
        assertThat(last.before()).extracting(Evidence.NearbyLine::line).containsExactly(1L, 2L, 3L);
        assertThat(last.before().get(0).text()).isEqualTo(first.text());
        assertThat(last.after()).isEmpty();
    }

    @Test
    void contextOfAZipEntryNamesTheSameLinesAsTheScan() throws Exception {
        DiagnosisReport report = analyze(fixture("cbs-in-zip-entry.zip"), 2);

        Evidence error = evidence(report).stream()
                .filter(e -> e.text().contains("Failed to resolve package"))
                .findFirst()
                .orElseThrow();
        assertThat(error.file()).isEqualTo("Logs/CBS/CBS.log");
        assertThat(error.line()).isEqualTo(9);
        assertThat(error.before()).extracting(Evidence.NearbyLine::line).containsExactly(7L, 8L);
        assertThat(error.before().get(1).text()).endsWith("Flags: 0x0 status: 0x0, pending flag: 0");
        assertThat(error.after()).extracting(Evidence.NearbyLine::line).containsExactly(10L, 11L);
    }

    @Test
    void contextOfAUtf16FileIsDecodedLikeTheScan() throws Exception {
        DiagnosisReport report = analyze(fixture("package-not-found.utf16le-bom.log"), 1);

        Evidence error = cited(report, 9);
        assertThat(error.before()).singleElement().satisfies(n -> {
            assertThat(n.line()).isEqualTo(8);
            assertThat(n.text())
                    .isEqualTo(
                            "2023-12-29 09:41:06, Info                  CBS    Flags: 0x0 status: 0x0, pending flag: 0");
        });
        assertThat(error.after().get(0).text()).doesNotContain("\r").contains("Failed to execute execution chain");
    }

    @Test
    void aGb18030LineNextToTheEvidenceKeepsItsChinese() throws Exception {
        DiagnosisReport report = analyze(fixture("gb18030-line-before-error.log"), 1);

        Evidence error = cited(report, 9);
        assertThat(error.before())
                .singleElement()
                .satisfies(n ->
                        assertThat(n.text()).endsWith("Loading user profile C:\\Users\\张三\\NTUSER.DAT for 下载 staging"));
        String json = ReportFormat.JSON.render(report, Locale.SIMPLIFIED_CHINESE);
        assertThat(json).contains("\"before\"", "张三");
        assertThat(ReportFormat.TEXT.render(report, Locale.ENGLISH)).contains("8  2023-12-29 09:41:06", "张三");
    }

    /**
     * Past its first MiB a file is split on threads of their own, and the context read counts lines without decoding
     * them: an over-long line in the parts (cut to the cap, still one line), CRLF endings and a GB18030 line before the
     * evidence must leave every number and text as the scan has them.
     */
    @Test
    void contextDeepInABigFileNamesTheSameLinesAsTheScan(@TempDir Path dir) throws Exception {
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset gb18030 = java.nio.charset.Charset.forName("GB18030");
        List<String> written = new java.util.ArrayList<>();
        java.util.function.Consumer<String> line = text -> {
            written.add(text);
            log.writeBytes(text.getBytes(text.contains("张三") ? gb18030 : java.nio.charset.StandardCharsets.UTF_8));
            log.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        };
        for (int i = 1; log.size() < 3 * 1024 * 1024; i++) {
            line.accept("2023-12-29 09:41:0" + (i % 10) + ", Info                  CBS    Routine line " + i
                    + " of the store's enumeration");
            if (i == 30_000) { // past the first 2 MiB: split by the part threads, longer than the cap of 16,384 chars
                line.accept("2023-12-29 09:41:00, Info                  CBS    " + "x".repeat(60_000));
            }
        }
        line.accept("2023-12-29 09:41:06, Info                  CBS    Loading user profile C:\\Users\\张三\\NTUSER.DAT");
        line.accept(
                "2023-12-29 09:41:07, Error                 CBS    Failed to resolve package "
                        + "'Package_2_for_KB5032196~31bf3856ad364e35~amd64~~10.0.1.11' [HRESULT = 0x80070490 - ERROR_NOT_FOUND]");
        long errorLine = written.size();
        line.accept("2023-12-29 09:41:08, Info                  CBS    The line after the failure");
        for (int i = 0; i < 20_000; i++) {
            line.accept("2023-12-29 09:41:09, Info                  CBS    Trailing routine line " + i);
        }
        Path file = Files.write(dir.resolve("CBS.log"), log.toByteArray());

        Evidence error = cited(analyze(file, 3), errorLine);

        assertThat(error.before())
                .extracting(Evidence.NearbyLine::line)
                .containsExactly(errorLine - 3, errorLine - 2, errorLine - 1);
        assertThat(error.before())
                .extracting(Evidence.NearbyLine::text)
                .containsExactly(
                        written.get((int) errorLine - 4),
                        written.get((int) errorLine - 3),
                        written.get((int) errorLine - 2));
        assertThat(error.after())
                .extracting(Evidence.NearbyLine::text)
                .containsExactly(
                        written.get((int) errorLine),
                        written.get((int) errorLine + 1),
                        written.get((int) errorLine + 2));
    }

    @Test
    void historyFindingsGetContextToo() throws Exception {
        Path bundle = Path.of(EvidenceContextTest.class
                .getResource("bundles/december-update-installed-after-failures")
                .toURI());
        DiagnosisReport report = analyze(bundle, 1);

        assertThat(report.history()).isNotEmpty();
        List<Evidence> history =
                report.allHistory().stream().flatMap(f -> f.evidence().stream()).toList();
        assertThat(history).isNotEmpty().anySatisfy(e -> assertThat(e.before()).isNotEmpty());
    }

    @Test
    void theContextReadStopsAtTheCapOfEvidenceItems(@TempDir Path dir) throws Exception {
        // Many distinct failing packages: many findings, each citing lines; only the first items get context.
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            log.append("2023-12-29 09:41:07, Error                 CBS    Failed to resolve package 'Package_")
                    .append(i)
                    .append("_for_KB5032196~31bf3856ad364e35~amd64~~10.0.1.11' [HRESULT = 0x800F0")
                    .append(String.format("%03X", i))
                    .append(" - X]\n");
        }
        Path file = Files.writeString(dir.resolve("CBS.log"), log);
        DiagnosisReport report = analyze(file, 1);

        long withContext = evidence(report).stream()
                .filter(e -> !e.before().isEmpty() || !e.after().isEmpty())
                .count();
        assertThat(evidence(report).size()).isGreaterThan(EvidenceContext.MAX_ITEMS);
        assertThat(withContext).isEqualTo(EvidenceContext.MAX_ITEMS);
    }

    @Test
    void jsonWithContextFollowsTheShippedSchema() throws Exception {
        String json = ReportFormat.JSON.render(analyze(fixture("cbs-in-zip-entry.zip"), 2), Locale.ENGLISH);

        Schema schema;
        try (InputStream in = DiagnosisReport.class.getResourceAsStream("diagnosis-report.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        }
        JsonNode doc = JsonMapper.builder().build().readTree(json);
        assertThat(schema.validate(doc)).isEmpty();
        JsonNode evidence = doc.get("findings").get(0).get("evidence").get(0);
        assertThat(evidence.get("before").get(0).get("line").asLong())
                .isEqualTo(evidence.get("line").asLong() - 2);
        assertThat(evidence.get("after")).hasSize(2);

        ((tools.jackson.databind.node.ObjectNode) evidence.get("before").get(0)).put("line", 0);
        assertThat(schema.validate(doc)).isNotEmpty();
    }

    @Test
    void contextIsBounded() {
        assertThatThrownBy(() -> AnalysisOptions.defaults().withContextLines(AnalysisOptions.MAX_CONTEXT_LINES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
