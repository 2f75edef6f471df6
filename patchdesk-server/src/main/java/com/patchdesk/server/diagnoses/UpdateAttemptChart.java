package com.patchdesk.server.diagnoses;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders download and install attempts per day as an inline SVG bar chart, server-side, so the diagnosis
 * page needs no chart library and no script. Each day has two stacked bars (download, install); failures
 * are hatched as well as red so the chart does not rely on colour alone. Only days with attempts get a slot:
 * a machine that retried for three months would otherwise produce an unreadable strip of empty days.
 */
final class UpdateAttemptChart {

    /** Text the chart shows, already in the reader's language. */
    record Labels(
            String title,
            String download,
            String install,
            String barOrder,
            String succeeded,
            String failed,
            String other,
            String earlierDaysOmitted) {}

    static final int MAX_DAYS = 40;

    private static final int SLOT = 44;
    private static final int BAR = 14;
    private static final int PLOT_HEIGHT = 120;
    private static final int LEFT = 36;
    private static final int TOP = 28;
    private static final int BOTTOM = 48;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");
    private static final Map<ChartedAttempt.Outcome, String> FILL = Map.of(
            ChartedAttempt.Outcome.SUCCEEDED, "#1a7f37",
            ChartedAttempt.Outcome.FAILED, "url(#pd-failed)",
            ChartedAttempt.Outcome.OTHER, "#6e7781");

    private UpdateAttemptChart() {}

    static String render(List<ChartedAttempt> attempts, Labels labels) {
        SortedMap<LocalDate, Map<ChartedAttempt.Phase, Map<ChartedAttempt.Outcome, Integer>>> days =
                countByDay(attempts);
        boolean cut = days.size() > MAX_DAYS;
        while (days.size() > MAX_DAYS) {
            days.remove(days.firstKey());
        }
        int max = Math.max(
                1,
                days.values().stream()
                        .flatMap(phases -> phases.values().stream())
                        .mapToInt(outcomes -> outcomes.values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .max()
                        .orElse(0));
        int width = LEFT + Math.max(days.size(), 4) * SLOT + 16;
        int height = TOP + PLOT_HEIGHT + BOTTOM;

        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"attempt-chart\" role=\"img\"")
                .append(" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append('"')
                .append(" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append('"')
                .append(" aria-labelledby=\"pd-chart-title\">");
        svg.append("<title id=\"pd-chart-title\">").append(text(labels.title())).append("</title>");
        svg.append("<defs><pattern id=\"pd-failed\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"")
                .append(" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#cf222e\"/>")
                .append(
                        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8c0f18\" stroke-width=\"3\"/></pattern></defs>");
        axis(svg, max, width);
        legend(svg, labels);
        if (cut) {
            svg.append("<text x=\"")
                    .append(width - 8)
                    .append("\" y=\"")
                    .append(height - 6)
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"#57606a\">")
                    .append(text(labels.earlierDaysOmitted()))
                    .append("</text>");
        }
        int slot = 0;
        for (var day : days.entrySet()) {
            int x = LEFT + slot * SLOT + (SLOT - 2 * BAR - 4) / 2;
            bar(
                    svg,
                    x,
                    day.getKey(),
                    labels.download(),
                    day.getValue().get(ChartedAttempt.Phase.DOWNLOAD),
                    max,
                    labels);
            bar(
                    svg,
                    x + BAR + 4,
                    day.getKey(),
                    labels.install(),
                    day.getValue().get(ChartedAttempt.Phase.INSTALL),
                    max,
                    labels);
            svg.append("<text x=\"")
                    .append(LEFT + slot * SLOT + SLOT / 2)
                    .append("\" y=\"")
                    .append(TOP + PLOT_HEIGHT + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#24292f\">")
                    .append(DAY.format(day.getKey()))
                    .append("</text>");
            slot++;
        }
        return svg.append("</svg>").toString();
    }

    private static SortedMap<LocalDate, Map<ChartedAttempt.Phase, Map<ChartedAttempt.Outcome, Integer>>> countByDay(
            List<ChartedAttempt> attempts) {
        SortedMap<LocalDate, Map<ChartedAttempt.Phase, Map<ChartedAttempt.Outcome, Integer>>> days = new TreeMap<>();
        for (ChartedAttempt attempt : attempts) {
            days.computeIfAbsent(attempt.day(), d -> new EnumMap<>(ChartedAttempt.Phase.class))
                    .computeIfAbsent(attempt.phase(), p -> new EnumMap<>(ChartedAttempt.Outcome.class))
                    .merge(attempt.outcome(), 1, Integer::sum);
        }
        return days;
    }

    private static void axis(StringBuilder svg, int max, int width) {
        int baseline = TOP + PLOT_HEIGHT;
        svg.append("<line x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(baseline)
                .append("\" x2=\"")
                .append(width - 8)
                .append("\" y2=\"")
                .append(baseline)
                .append("\" stroke=\"#57606a\"/>");
        for (int tick : new int[] {0, max}) {
            int y = baseline - tick * PLOT_HEIGHT / max;
            svg.append("<text x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(y + 4)
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"#24292f\">")
                    .append(tick)
                    .append("</text>");
        }
    }

    private static void legend(StringBuilder svg, Labels labels) {
        int x = LEFT;
        for (var entry : List.of(
                Map.entry(ChartedAttempt.Outcome.SUCCEEDED, labels.succeeded()),
                Map.entry(ChartedAttempt.Outcome.FAILED, labels.failed()),
                Map.entry(ChartedAttempt.Outcome.OTHER, labels.other()))) {
            svg.append("<rect x=\"")
                    .append(x)
                    .append("\" y=\"6\" width=\"12\" height=\"12\" fill=\"")
                    .append(FILL.get(entry.getKey()))
                    .append("\"/>");
            svg.append("<text x=\"")
                    .append(x + 16)
                    .append("\" y=\"16\" font-size=\"12\" fill=\"#24292f\">")
                    .append(text(entry.getValue()))
                    .append("</text>");
            x += 28 + approximateWidth(entry.getValue());
        }
        svg.append("<text x=\"")
                .append(x + 8)
                .append("\" y=\"16\" font-size=\"12\" fill=\"#57606a\">")
                .append(text(labels.barOrder()))
                .append("</text>");
    }

    private static void bar(
            StringBuilder svg,
            int x,
            LocalDate day,
            String phase,
            Map<ChartedAttempt.Outcome, Integer> outcomes,
            int max,
            Labels labels) {
        if (outcomes == null) {
            return;
        }
        int y = TOP + PLOT_HEIGHT;
        for (ChartedAttempt.Outcome outcome : ChartedAttempt.Outcome.values()) {
            int count = outcomes.getOrDefault(outcome, 0);
            if (count == 0) {
                continue;
            }
            int h = Math.max(2, count * PLOT_HEIGHT / max);
            y -= h;
            svg.append("<rect class=\"attempt attempt-")
                    .append(outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .append("\" data-day=\"")
                    .append(day)
                    .append("\" data-phase=\"")
                    .append(text(phase))
                    .append("\" data-count=\"")
                    .append(count)
                    .append("\" x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(y)
                    .append("\" width=\"")
                    .append(BAR)
                    .append("\" height=\"")
                    .append(h)
                    .append("\" fill=\"")
                    .append(FILL.get(outcome))
                    .append("\">")
                    .append("<title>")
                    .append(day)
                    .append(' ')
                    .append(text(phase))
                    .append(": ")
                    .append(count)
                    .append(' ')
                    .append(text(label(outcome, labels)))
                    .append("</title></rect>");
        }
    }

    /** Enough to keep legend entries apart without measuring fonts: CJK glyphs are about twice as wide. */
    private static int approximateWidth(String value) {
        return value.codePoints().map(c -> c < 0x2E80 ? 7 : 12).sum();
    }

    private static String label(ChartedAttempt.Outcome outcome, Labels labels) {
        return switch (outcome) {
            case SUCCEEDED -> labels.succeeded();
            case FAILED -> labels.failed();
            case OTHER -> labels.other();
        };
    }

    private static String text(String value) {
        return HtmlUtils.htmlEscape(value, "UTF-8");
    }
}
