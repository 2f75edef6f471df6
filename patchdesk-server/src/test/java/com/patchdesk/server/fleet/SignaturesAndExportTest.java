package com.patchdesk.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;

/** Signatures, their scores, the machine status, the CSV cells and the trend chart, without a server. */
class SignaturesAndExportTest {

    private static final String TWO_COMPONENTS =
            "amd64_a_31bf3856ad364e35_10.0.17763.2803_none_1, amd64_b_10.0.17763.4974";

    @Test
    void aSignatureKeepsOnlyTheFactsThatNameTheCauseNotListsOfEvidence() {
        Signature s = Signature.of(
                "component-store-repairable",
                Map.of("component", TWO_COMPONENTS, "file", "wkscli.dll", "os_build", "17763.774"));
        Signature oneFewer = Signature.of(
                "component-store-repairable",
                Map.of("component", "amd64_a_31bf3856ad364e35_10.0.17763.2803_none_1 (+11)", "file", "a.dll (+11)"));
        Signature one = Signature.of(
                "component-store-repairable", Map.of("component", "amd64_a_31bf3856ad364e35_10.0.17763.2803_none_1"));

        assertThat(s.key()).isEqualTo("component-store-repairable[]");
        assertThat(oneFewer).isEqualTo(s);
        assertThat(one)
                .as("the rule lists its damaged components, however many")
                .isEqualTo(s);
        assertThat(Signature.of("no-such-rule", Map.of("kb", "KB1, KB2", "code", "0x800f0922"))
                        .key())
                .as("a listed value of a rule unknown to the engine")
                .isEqualTo("no-such-rule[code=0x800f0922]");
        assertThat(SimilarCases.parse(s.key())).isEqualTo(s);
        Signature behind = Signature.of(
                "build-far-behind",
                Map.of("component", "amd64_x_10.0.17763.1879", "stepping_stone", "KB5001342", "os_build", "17763.774"));
        assertThat(behind.key())
                .isEqualTo("build-far-behind[component=amd64_x_10.0.17763.1879,stepping_stone=KB5001342]");
        assertThat(SimilarCases.parse(behind.key())).isEqualTo(behind);
        assertThat(SimilarCases.parse("build-far-behind[component=x,stepping_stone=KB5001342]")
                        .steppingStone())
                .isEqualTo("KB5001342");
    }

    @Test
    void theSameSignatureScoresHighestThenRuleAndFactThenRuleThenAFactAlone() {
        Signature wanted = new Signature("wu-incomplete-download", "0x80070490", "KB5032196", null, null);

        assertThat(SimilarCases.score(wanted, wanted)).isEqualTo(100);
        assertThat(SimilarCases.score(wanted, new Signature("wu-incomplete-download", null, "KB5032196", null, null)))
                .isEqualTo(50);
        assertThat(SimilarCases.score(wanted, new Signature("wu-incomplete-download", null, "KB1", null, null)))
                .isEqualTo(10);
        assertThat(SimilarCases.score(wanted, new Signature("update-install-failed", "0x80070490", null, null, null)))
                .isEqualTo(5);
        assertThat(SimilarCases.score(wanted, new Signature("reboot-pending", null, null, null, null)))
                .isZero();
    }

    @Test
    void statusComesFromTheLastTwoBundles() {
        assertThat(FleetStatus.of(true, null)).isEqualTo(FleetStatus.NEW);
        assertThat(FleetStatus.of(true, false)).isEqualTo(FleetStatus.NEW);
        assertThat(FleetStatus.of(true, true)).isEqualTo(FleetStatus.STILL_FAILING);
        assertThat(FleetStatus.of(false, true)).isEqualTo(FleetStatus.FIXED);
        assertThat(FleetStatus.of(false, null)).isEqualTo(FleetStatus.HEALTHY);
        assertThat(FleetStatus.parse("still-failing")).isEqualTo(FleetStatus.STILL_FAILING);
        assertThat(FleetStatus.parse("no-logs")).isEqualTo(FleetStatus.NO_LOGS);
    }

    @Test
    void csvCellsFromCustomersCannotBecomeFormulas() {
        assertThat(FleetCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(FleetCsv.cell("-1+1")).isEqualTo("'-1+1");
        assertThat(FleetCsv.cell("营业部-01, 二楼")).isEqualTo("\"营业部-01, 二楼\"");
        assertThat(FleetCsv.cell(null)).isEmpty();
    }

    @Test
    void theXlsxExportReadsBackWithChineseTextIntactTimesInTheDesksZoneAndNoFormulaFromAHostName() throws Exception {
        Instant first = Instant.parse("2024-01-05T02:30:00Z");
        Instant last = Instant.parse("2024-02-01T16:10:00Z");
        String signature = "wu-incomplete-download[code=0x80070490,kb=KB5032196]";
        List<FleetView.Machine> machines = List.of(
                new FleetView.Machine(
                        7,
                        "CAS-2024-000123",
                        "营业部-01",
                        "营业部-01 二楼",
                        "17763.774",
                        "Windows 10 企业版 LTSC",
                        signature,
                        "Download incomplete",
                        "更新下载不完整",
                        "still-failing",
                        2,
                        41,
                        first,
                        last),
                new FleetView.Machine(
                        8,
                        "CAS-2024-000123",
                        "=HYPERLINK(\"http://x\")",
                        "=HYPERLINK(\"http://x\")",
                        "17763.774",
                        null,
                        signature,
                        "Download incomplete",
                        "更新下载不完整",
                        "new",
                        1,
                        42,
                        first,
                        first));
        FleetView.Group group = new FleetView.Group(
                signature,
                "wu-incomplete-download",
                "0x80070490",
                "KB5032196",
                null,
                null,
                "Download incomplete",
                "更新下载不完整",
                2,
                Map.of("17763.774", 2),
                Map.of("still-failing", 1, "new", 1),
                first,
                last,
                List.of("营业部-01 二楼", "=HYPERLINK(\"http://x\")"));
        FleetView view = new FleetView(
                2, List.of(group), machines, Map.of("17763.774", 2), List.of(), new FleetView.Filter(null, null, null));

        byte[] xlsx = FleetXlsx.of(view, Locale.SIMPLIFIED_CHINESE, ZoneId.of("Asia/Shanghai"));

        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Sheet> sheets = workbook.getSheets().toList();
            assertThat(sheets).extracting(Sheet::getName).containsExactly("分组", "计算机");
            List<Row> groups = sheets.get(0).read();
            assertThat(groups.get(0).getCellText(1)).isEqualTo("发现");
            assertThat(groups.get(1).getCellText(0)).isEqualTo(signature);
            assertThat(groups.get(1).getCellText(1)).isEqualTo("更新下载不完整");
            assertThat(groups.get(1).getCellAsNumber(2)).contains(new BigDecimal(2));
            assertThat(groups.get(1).getCellText(7)).isEqualTo("营业部-01 二楼, =HYPERLINK(\"http://x\")");
            List<Row> rows = sheets.get(1).read();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).getCellText(1)).isEqualTo("计算机");
            assertThat(rows.get(1).getCellText(1)).isEqualTo("营业部-01 二楼");
            assertThat(rows.get(1).getCellText(3)).isEqualTo("Windows 10 企业版 LTSC");
            assertThat(rows.get(1).getCellAsNumber(7)).contains(new BigDecimal(2));
            // 02:30 UTC is 10:30 at the desk (Asia/Shanghai), as its pages show it.
            assertThat(rows.get(1).getCellAsDate(8)).contains(LocalDateTime.of(2024, 1, 5, 10, 30));
            assertThat(rows.get(1).getCellAsDate(9)).contains(LocalDateTime.of(2024, 2, 2, 0, 10));
            // A host name that looks like a formula stays text: a spreadsheet shows it, never evaluates it.
            assertThat(rows.get(2).getCell(1).getType()).isEqualTo(CellType.STRING);
            assertThat(rows.get(2).getCellText(1)).isEqualTo("=HYPERLINK(\"http://x\")");
            assertThat(rows.get(2).getCell(3)).isNull();
        }
    }

    @Test
    void theTrendChartNamesEveryBarInTextAndEscapesItsLabels() {
        String svg = TrendChart.render(
                List.of(new FleetView.Day(LocalDate.of(2024, 1, 5), 3, 1)),
                new TrendChart.Labels("<每日>", "有故障", "无故障"));

        assertThat(svg)
                .startsWith("<svg")
                .contains("&lt;每日&gt;", "2024-01-05 有故障: 3", "2024-01-05 无故障: 1")
                .doesNotContain("<script");
    }
}
