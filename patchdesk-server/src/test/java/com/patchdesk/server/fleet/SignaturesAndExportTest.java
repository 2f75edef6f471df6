package com.patchdesk.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Signatures, their scores, the machine status, the CSV cells and the trend chart, without a server. */
class SignaturesAndExportTest {

    private static final String TWO_COMPONENTS = "amd64_a_31bf3856ad364e35_10.0.17763.2803_none_1, amd64_b_10.0.17763.4974";

    @Test
    void aSignatureKeepsOnlyTheKeyFactsAndReadsBackEvenWithCommasInAValue() {
        Signature s = Signature.of("component-store-repairable", Map.of("component", TWO_COMPONENTS,
                "file", "wkscli.dll", "os_build", "17763.774"));

        assertThat(s.key()).isEqualTo("component-store-repairable[component=" + TWO_COMPONENTS + "]");
        assertThat(SimilarCases.parse(s.key())).isEqualTo(s);
        assertThat(SimilarCases.parse("build-far-behind[component=x,stepping_stone=KB5001342]").steppingStone())
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
        assertThat(SimilarCases.score(wanted, new Signature("reboot-pending", null, null, null, null))).isZero();
    }

    @Test
    void statusComesFromTheLastTwoBundles() {
        assertThat(FleetStatus.of(true, null)).isEqualTo(FleetStatus.NEW);
        assertThat(FleetStatus.of(true, false)).isEqualTo(FleetStatus.NEW);
        assertThat(FleetStatus.of(true, true)).isEqualTo(FleetStatus.STILL_FAILING);
        assertThat(FleetStatus.of(false, true)).isEqualTo(FleetStatus.FIXED);
        assertThat(FleetStatus.of(false, null)).isEqualTo(FleetStatus.HEALTHY);
        assertThat(FleetStatus.parse("still-failing")).isEqualTo(FleetStatus.STILL_FAILING);
    }

    @Test
    void csvCellsFromCustomersCannotBecomeFormulas() {
        assertThat(FleetCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(FleetCsv.cell("-1+1")).isEqualTo("'-1+1");
        assertThat(FleetCsv.cell("营业部-01, 二楼")).isEqualTo("\"营业部-01, 二楼\"");
        assertThat(FleetCsv.cell(null)).isEmpty();
    }

    @Test
    void theTrendChartNamesEveryBarInTextAndEscapesItsLabels() {
        String svg = TrendChart.render(List.of(new FleetView.Day(LocalDate.of(2024, 1, 5), 3, 1)),
                new TrendChart.Labels("<每日>", "有故障", "无故障"));

        assertThat(svg).startsWith("<svg").contains("&lt;每日&gt;", "2024-01-05 有故障: 3", "2024-01-05 无故障: 1")
                .doesNotContain("<script");
    }
}
