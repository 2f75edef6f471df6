package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.bundle.BundleLimits;
import com.patchdesk.diagnosis.bundle.ReadFile;
import com.patchdesk.diagnosis.knowledge.ErrorCatalog;
import java.util.List;
import java.util.Locale;

/** Markdown for a reply to the customer: the chain as nested sections, commands as code blocks. */
final class MarkdownReport {

    private final Locale locale;
    /** The machine's build, for error codes told differently per build line; set by {@link #render}. */
    private java.util.Optional<String> build = java.util.Optional.empty();

    private final StringBuilder out = new StringBuilder();

    MarkdownReport(Locale locale) {
        this.locale = locale;
    }

    String render(DiagnosisReport report) {
        BundleSummary bundle = report.bundle();
        build = bundle.osBuild();
        line("# " + t(Labels.HEADING));
        line("");
        line("- " + t(Labels.INPUT) + ": `" + bundle.input() + "`");
        line("- " + t(Labels.OUTCOME) + ": **" + t(Labels.of(report.outcome())) + "**"
                + PlainTextReport.leadingCause(report, locale));
        PlainTextReport.machine(bundle.machine()).ifPresent(m -> line("- " + t(Labels.MACHINE) + ": " + m));
        line("- " + t(Labels.OS_BUILD) + ": " + bundle.osBuild().orElse(t(Labels.UNKNOWN)));
        line("- " + t(Labels.CATALOG) + ": " + bundle.catalog().date());
        if (bundle.catalog().buildNewerThanCatalog()) {
            line("- "
                    + Labels.NEWER_THAN_CATALOG.format(
                            locale, bundle.catalog().newestOfLine().orElse("?")));
        }
        line("- " + t(Labels.FILES_READ) + ": " + bundle.read().size() + ", " + t(Labels.FILES_SKIPPED) + ": "
                + bundle.skipped().size());
        if (!bundle.skipped().isEmpty()) {
            // What was not read, and why, belongs in the reply too: the customer may need to send it again.
            line("");
            line("## " + t(Labels.FILES_SKIPPED));
            line("");
            bundle.skipped()
                    .forEach(s ->
                            line("- `" + s.path().replace("`", "'") + "` — " + Labels.skipReason(s.reason(), locale)));
        }
        List<ReadFile> cut =
                bundle.read().stream().filter(f -> f.linesCut() > 0).toList();
        if (!cut.isEmpty()) {
            line("");
            line("## " + Labels.LINES_CUT.format(locale, BundleLimits.defaults().maxLineChars()));
            line("");
            cut.forEach(f -> line("- `" + f.path().replace("`", "'") + "` — "
                    + Labels.LINES_CUT_IN_FILE.format(locale, f.linesCut())));
        }
        if (!report.rounds().rounds().isEmpty()) {
            // The latest rounds: a reply shows what was tried lately and how each ended, not months of history.
            List<ServicingRound> rounds = report.rounds().rounds();
            line("");
            line("## " + Labels.ROUNDS.format(locale, report.rounds().routineSessions()));
            line("");
            line(t(Labels.ROUND_COLUMNS));
            line("|---|---|---|---|---|---|");
            for (ServicingRound r : rounds.subList(Math.max(0, rounds.size() - 10), rounds.size())) {
                line("| " + r.start().map(PlainTextReport.WHEN::format).orElse("") + " | "
                        + cell(Labels.attemptWord(r.client(), locale)) + " | "
                        + cell(r.target().orElse("")) + " | " + Labels.attemptWord(r.result(), locale) + " | "
                        + r.code().orElse("") + " | "
                        + cell(r.cause().map(c -> c.in(locale)).orElse("")) + " |");
            }
        }
        if (!bundle.updateAttempts().isEmpty()) {
            line("");
            line("## " + t(Labels.ATTEMPTS));
            line("");
            line(t(Labels.ATTEMPT_COLUMNS));
            line("|---|---|---|---|---|---|");
            for (UpdateAttempt a : bundle.updateAttempts()) {
                line("| " + a.time().map(PlainTextReport.WHEN::format).orElse("") + " | "
                        + Labels.attemptWord(a.phase(), locale) + " | " + a.kb().orElse("") + " | "
                        + Labels.attemptWord(a.outcome(), locale) + " | "
                        + a.code().orElse("") + " | `"
                        + a.source().location() + "` |");
            }
        }
        line("");
        line("## " + t(PlainTextReport.findingsHeading(report)));
        if (report.findings().isEmpty()) {
            line("");
            line(t(report.outcome() == Outcome.NOTHING_READ ? Labels.NOTHING_TO_JUDGE : Labels.NO_FINDINGS));
        }
        int n = 1;
        for (Finding f : report.findings()) {
            finding(f, String.valueOf(n++), 3);
        }
        if (!report.history().isEmpty()) {
            line("");
            line("## " + t(Labels.HISTORY));
            line("");
            report.history().forEach(f -> line("- " + f.title(locale)));
        }
        return out.toString();
    }

    private void finding(Finding f, String number, int level) {
        line("");
        line("#".repeat(Math.min(level, 6)) + " " + number + ". " + f.title(locale));
        line("");
        line("*" + t(Labels.of(f.severity())) + ", " + t(Labels.CONFIDENCE) + " " + t(Labels.of(f.confidence()))
                + "* — " + PlainTextReport.facts(f.facts()).replace("|", "\\|"));
        ErrorCatalog.standard().describe(f.facts().get("code"), build).ifPresent(code -> {
            line("");
            line("> " + code.named() + ": " + code.meaning().in(locale));
        });
        line("");
        line(t(Labels.EVIDENCE) + " (" + f.evidenceCount() + " " + t(Labels.LINES) + "):");
        line("");
        line("```text");
        EvidenceRows.of(f.evidence())
                .rows()
                .forEach(row -> line((row.cited() ? "" : "  ") + row.label() + "  " + row.text()));
        line("```");
        if (!f.remediation().isEmpty()) {
            line("");
            line(t(Labels.FIX) + ":");
            line("");
            int step = 1;
            for (RemediationStep s : f.remediation()) {
                line(step++ + ". " + s.text().in(locale));
                s.command().ifPresent(c -> {
                    line("   ```bat");
                    line("   " + c);
                    line("   ```");
                });
            }
        }
        int child = 1;
        for (Finding c : f.children()) {
            finding(c, number + "." + child++, level + 1);
        }
    }

    /** A table cell: a '|' or a line break would end the cell or the row. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }

    private String t(Labels label) {
        return label.text().in(locale);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
