package com.patchdesk.server.diagnoses;

import static com.patchdesk.server.diagnoses.ChartedAttempt.Outcome.FAILED;
import static com.patchdesk.server.diagnoses.ChartedAttempt.Outcome.OTHER;
import static com.patchdesk.server.diagnoses.ChartedAttempt.Outcome.SUCCEEDED;
import static com.patchdesk.server.diagnoses.ChartedAttempt.Phase.DOWNLOAD;
import static com.patchdesk.server.diagnoses.ChartedAttempt.Phase.INSTALL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class UpdateAttemptChartTest {

    private static final UpdateAttemptChart.Labels ZH =
            new UpdateAttemptChart.Labels("更新尝试", "下载", "安装", "左：下载，右：安装", "成功", "失败", "其他", "更早的日期未显示");
    private static final LocalDate NOV_14 = LocalDate.of(2023, 11, 14);

    @Test
    void countsEachPhaseAndOutcomePerDayAsStackedBars() throws Exception {
        List<ChartedAttempt> attempts = List.of(
                new ChartedAttempt(NOV_14, DOWNLOAD, FAILED),
                new ChartedAttempt(NOV_14, DOWNLOAD, FAILED),
                new ChartedAttempt(NOV_14, DOWNLOAD, SUCCEEDED),
                new ChartedAttempt(NOV_14, INSTALL, FAILED),
                new ChartedAttempt(NOV_14.plusDays(3), INSTALL, OTHER));

        Document svg = parse(UpdateAttemptChart.render(attempts, ZH));

        List<Element> bars = bars(svg);
        assertThat(bars)
                .extracting(b -> b.getAttribute("data-day") + " " + b.getAttribute("data-phase") + " "
                        + b.getAttribute("class") + " " + b.getAttribute("data-count"))
                .containsExactlyInAnyOrder(
                        "2023-11-14 下载 attempt attempt-succeeded 1",
                        "2023-11-14 下载 attempt attempt-failed 2",
                        "2023-11-14 安装 attempt attempt-failed 1",
                        "2023-11-17 安装 attempt attempt-other 1");
        assertThat(svg.getDocumentElement().getAttribute("role")).isEqualTo("img");
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("更新尝试");
    }

    @Test
    void theTallestBarFillsThePlotAndOthersAreProportional() throws Exception {
        List<ChartedAttempt> attempts = new ArrayList<>();
        IntStream.range(0, 4).forEach(i -> attempts.add(new ChartedAttempt(NOV_14, INSTALL, FAILED)));
        attempts.add(new ChartedAttempt(NOV_14, DOWNLOAD, SUCCEEDED));

        List<Element> bars = bars(parse(UpdateAttemptChart.render(attempts, ZH)));

        int tallest = bars.stream()
                .mapToInt(b -> Integer.parseInt(b.getAttribute("height")))
                .max()
                .orElseThrow();
        int single = bars.stream()
                .filter(b -> b.getAttribute("data-count").equals("1"))
                .mapToInt(b -> Integer.parseInt(b.getAttribute("height")))
                .findFirst()
                .orElseThrow();
        assertThat(tallest).isEqualTo(4 * single);
    }

    @Test
    void keepsOnlyTheLatestDaysAndSaysSo() throws Exception {
        List<ChartedAttempt> attempts = IntStream.range(0, UpdateAttemptChart.MAX_DAYS + 5)
                .mapToObj(i -> new ChartedAttempt(NOV_14.plusDays(i), INSTALL, FAILED))
                .toList();

        String rendered = UpdateAttemptChart.render(attempts, ZH);
        List<Element> bars = bars(parse(rendered));

        assertThat(bars).hasSize(UpdateAttemptChart.MAX_DAYS);
        assertThat(bars).noneMatch(b -> b.getAttribute("data-day").equals(NOV_14.toString()));
        assertThat(rendered).contains("更早的日期未显示");
    }

    @Test
    void rendersAnEmptyChartWithoutBars() throws Exception {
        Document svg = parse(UpdateAttemptChart.render(List.of(), ZH));

        assertThat(bars(svg)).isEmpty();
        assertThat(UpdateAttemptChart.render(List.of(), ZH)).doesNotContain("更早的日期未显示");
    }

    @Test
    void escapesLabelsSoTheSvgStaysWellFormed() throws Exception {
        var hostile = new UpdateAttemptChart.Labels(
                "<script>alert(1)</script> & co", "d\"l", "i'n", "<b>", "ok", "x", "?", "…");

        String rendered = UpdateAttemptChart.render(List.of(new ChartedAttempt(NOV_14, DOWNLOAD, SUCCEEDED)), hostile);

        assertThat(rendered).doesNotContain("<script>").doesNotContain("<b>");
        assertThat(parse(rendered).getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("<script>alert(1)</script> & co");
    }

    @Test
    void readsDownloadAndInstallStepsFromReportAttemptsAndLeavesScansOut() {
        LocalDateTime at = LocalDateTime.of(2023, 11, 14, 9, 30);

        assertThat(ChartedAttempt.of(at, "download", "failure")).contains(new ChartedAttempt(NOV_14, DOWNLOAD, FAILED));
        assertThat(ChartedAttempt.of(at, "Install", "success"))
                .contains(new ChartedAttempt(NOV_14, INSTALL, SUCCEEDED));
        assertThat(ChartedAttempt.of(at, "install", "cancelled")).contains(new ChartedAttempt(NOV_14, INSTALL, OTHER));
        assertThat(ChartedAttempt.of(at, "scan", "success")).isEmpty();
        assertThat(ChartedAttempt.of(null, "install", "failure")).isEmpty();
    }

    private static Document parse(String svg) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> bars(Document svg) {
        NodeList rects = svg.getElementsByTagName("rect");
        List<Element> bars = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.hasAttribute("data-day")) {
                bars.add(rect);
            }
        }
        return bars;
    }
}
