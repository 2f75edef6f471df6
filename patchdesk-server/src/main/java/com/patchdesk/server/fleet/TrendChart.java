package com.patchdesk.server.fleet;

import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/**
 * Bundles diagnosed per day, failing stacked on not failing, as an inline SVG drawn on the server (no script, no
 * chart library). Failing bars are hatched as well as coloured, and every bar has a text title, so the chart does not
 * rest on colour alone; only days with bundles get a slot (the latest {@value #MAX_DAYS}).
 */
final class TrendChart {

    /** The chart's words, already in the reader's language. */
    record Labels(String title, String failing, String passing) {}

    static final int MAX_DAYS = 60;
    private static final int SLOT = 22;
    private static final int BAR = 14;
    private static final int PLOT = 120;
    private static final int LEFT = 36;
    private static final int TOP = 24;
    private static final int BOTTOM = 44;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

    private TrendChart() {}

    static String render(List<FleetView.Day> all, Labels labels) {
        List<FleetView.Day> days = all.size() > MAX_DAYS ? all.subList(all.size() - MAX_DAYS, all.size()) : all;
        int max = Math.max(
                1, days.stream().mapToInt(d -> d.failing() + d.passing()).max().orElse(0));
        // Wide enough for the legend's two entries even with a single day.
        int width = Math.max(LEFT + Math.max(days.size(), 4) * SLOT + 16, LEFT + 260);
        int height = TOP + PLOT + BOTTOM;
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fleet-trend\" role=\"img\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" aria-labelledby=\"fleet-trend-title\">")
                .append("<title id=\"fleet-trend-title\">")
                .append(esc(labels.title()))
                .append("</title>")
                .append("<defs><pattern id=\"fleet-failing\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"")
                .append(" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#cf222e\"/>")
                .append(
                        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#fff\" stroke-width=\"2\"/></pattern></defs>")
                .append("<text x=\"")
                .append(LEFT - 4)
                .append("\" y=\"")
                .append(TOP + 4)
                .append("\" text-anchor=\"end\" font-size=\"10\">")
                .append(max)
                .append("</text>")
                .append("<line x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(TOP + PLOT)
                .append("\" x2=\"")
                .append(width - 8)
                .append("\" y2=\"")
                .append(TOP + PLOT)
                .append("\" stroke=\"#57606a\"/>");
        for (int i = 0; i < days.size(); i++) {
            FleetView.Day d = days.get(i);
            int x = LEFT + i * SLOT + (SLOT - BAR) / 2;
            int failing = d.failing() * PLOT / max;
            int passing = d.passing() * PLOT / max;
            int base = TOP + PLOT;
            bar(
                    svg,
                    x,
                    base - passing,
                    passing,
                    "#1a7f37",
                    d.day() + " " + labels.passing() + ": " + d.passing(),
                    "passing");
            bar(
                    svg,
                    x,
                    base - passing - failing,
                    failing,
                    "url(#fleet-failing)",
                    d.day() + " " + labels.failing() + ": " + d.failing(),
                    "failing");
            svg.append("<text x=\"")
                    .append(x + BAR / 2)
                    .append("\" y=\"")
                    .append(base + 14)
                    .append("\" text-anchor=\"end\" font-size=\"10\" transform=\"rotate(-45 ")
                    .append(x + BAR / 2)
                    .append(' ')
                    .append(base + 14)
                    .append(")\">")
                    .append(DAY.format(d.day()))
                    .append("</text>");
        }
        int legend = TOP + PLOT + BOTTOM - 6;
        svg.append("<rect x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(legend - 9)
                .append("\" width=\"10\" height=\"10\" fill=\"url(#fleet-failing)\"/><text x=\"")
                .append(LEFT + 14)
                .append("\" y=\"")
                .append(legend)
                .append("\" font-size=\"11\">")
                .append(esc(labels.failing()))
                .append("</text><rect x=\"")
                .append(LEFT + 120)
                .append("\" y=\"")
                .append(legend - 9)
                .append("\" width=\"10\" height=\"10\" fill=\"#1a7f37\"/><text x=\"")
                .append(LEFT + 134)
                .append("\" y=\"")
                .append(legend)
                .append("\" font-size=\"11\">")
                .append(esc(labels.passing()))
                .append("</text></svg>");
        return svg.toString();
    }

    private static void bar(StringBuilder svg, int x, int y, int height, String fill, String title, String kind) {
        if (height <= 0) {
            return;
        }
        svg.append("<rect class=\"")
                .append(kind)
                .append("\" x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(BAR)
                .append("\" height=\"")
                .append(height)
                .append("\" fill=\"")
                .append(fill)
                .append("\"><title>")
                .append(esc(title))
                .append("</title></rect>");
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
