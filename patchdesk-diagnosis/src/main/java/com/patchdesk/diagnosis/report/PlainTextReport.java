package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.bundle.BundleLimits;
import com.patchdesk.diagnosis.bundle.ReadFile;
import com.patchdesk.diagnosis.knowledge.ErrorCatalog;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The terminal report: verdict first, then the chain with evidence and commands, then what was read. */
final class PlainTextReport {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int TIMELINE_SHOWN = 40;
    private static final int ROUNDS_SHOWN = 20;

    private final Locale locale;
    /** The machine's build, for error codes told differently per build line; set by {@link #render}. */
    private java.util.Optional<String> build = java.util.Optional.empty();

    private final StringBuilder out = new StringBuilder();

    PlainTextReport(Locale locale) {
        this.locale = locale;
    }

    /** Host, then edition, as far as the bundle states them. */
    static Optional<String> machine(Machine m) {
        String text = Stream.of(m.host(), m.edition()).flatMap(Optional::stream).collect(Collectors.joining(" — "));
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /**
     * The first root cause after a diagnosed failure (" — Component store is corrupt (0x80073701)"): the outcome line
     * is the first an engineer reads, and "failure diagnosed" alone does not say what to do.
     */
    static String leadingCause(DiagnosisReport report, Locale locale) {
        if (report.outcome() != Outcome.FAILURE_DIAGNOSED || report.findings().isEmpty()) {
            return "";
        }
        return " — " + report.findings().get(0).title(locale);
    }

    /**
     * "Findings (root cause first)" where something failed; where nothing did and every finding is information (a code
     * seen in routine lines, an install), a heading that says none is a failure: read under "root cause first", a
     * healthy machine's 0x80070002 looked like the cause to chase.
     */
    static Labels findingsHeading(DiagnosisReport report) {
        boolean nothingFailed = report.outcome() != Outcome.FAILURE_DIAGNOSED
                && !report.findings().isEmpty()
                && report.findings().stream().allMatch(f -> f.severity() == Severity.INFO);
        return nothingFailed ? Labels.FINDINGS_NO_FAILURE : Labels.FINDINGS;
    }

    String render(DiagnosisReport report) {
        BundleSummary bundle = report.bundle();
        build = bundle.osBuild();
        line(t(Labels.HEADING) + " — " + bundle.input());
        line(t(Labels.OUTCOME) + ": " + t(Labels.of(report.outcome())) + leadingCause(report, locale));
        machine(bundle.machine()).ifPresent(m -> line(t(Labels.MACHINE) + ": " + m));
        line(t(Labels.OS_BUILD) + ": " + bundle.osBuild().orElse(t(Labels.UNKNOWN)) + "   "
                + t(Labels.FILES_READ) + ": " + bundle.read().size() + "   "
                + t(Labels.FILES_SKIPPED) + ": " + bundle.skipped().size() + "   "
                + t(Labels.EVENTS) + ": " + bundle.events()
                + (bundle.eventsNotKept() > 0 ? " (" + bundle.eventsNotKept() + " " + t(Labels.NOT_KEPT) + ")" : ""));
        line(t(Labels.CATALOG) + ": " + bundle.catalog().date());
        if (bundle.catalog().buildNewerThanCatalog()) {
            line(Labels.NEWER_THAN_CATALOG.format(
                    locale, bundle.catalog().newestOfLine().orElse("?")));
        }
        if (bundle.benignLineTotal() > 0) {
            line(Labels.BENIGN_SET_ASIDE.format(
                    locale, bundle.benignLineTotal(), bundle.benignLines().size()));
        }
        report.rounds().latest().ifPresent(r -> line(t(Labels.LATEST_ROUND) + ": " + round(r)));
        if (report.rounds().rounds().size() > 1) {
            line("");
            line(Labels.ROUNDS.format(locale, report.rounds().routineSessions()) + ":");
            List<ServicingRound> rounds = report.rounds().rounds();
            int earlier = Math.max(0, rounds.size() - ROUNDS_SHOWN);
            if (earlier > 0) {
                line("  … " + Labels.EARLIER.format(locale, earlier));
            }
            rounds.stream().skip(earlier).forEach(r -> line("  " + round(r)));
        }
        if (!bundle.updateAttempts().isEmpty()) {
            line("");
            line(t(Labels.ATTEMPTS) + ":");
            for (UpdateAttempt a : bundle.updateAttempts()) {
                line("  " + a.time().map(WHEN::format).orElse("-                  ") + "  "
                        + Labels.attemptWord(a.phase(), locale) + "  " + a.kb().orElse("-") + "  "
                        + Labels.attemptWord(a.outcome(), locale)
                        + a.code().map(c -> " " + c).orElse("")
                        + "  (" + a.source().location() + ")");
            }
        }
        line("");
        line(t(findingsHeading(report)) + ":");
        if (report.findings().isEmpty()) {
            // Nothing read is no verdict: "no failure found" would read as a clean machine.
            line("  " + t(report.outcome() == Outcome.NOTHING_READ ? Labels.NOTHING_TO_JUDGE : Labels.NO_FINDINGS));
        }
        int n = 1;
        for (Finding f : report.findings()) {
            finding(f, String.valueOf(n++), "");
        }
        if (!report.history().isEmpty()) {
            line("");
            line(t(Labels.HISTORY) + ":");
            for (Finding f : report.history()) {
                line("  - " + f.title(locale) + "  ("
                        + f.evidence().stream().map(Evidence::location).collect(Collectors.joining(", ")) + ")");
            }
        }
        if (!bundle.skipped().isEmpty()) {
            line("");
            line(t(Labels.FILES_SKIPPED) + ":");
            bundle.skipped().forEach(s -> line("  " + s.path() + " — " + Labels.skipReason(s.reason(), locale)));
        }
        List<ReadFile> cut =
                bundle.read().stream().filter(f -> f.linesCut() > 0).toList();
        if (!cut.isEmpty()) {
            line("");
            line(Labels.LINES_CUT.format(locale, BundleLimits.defaults().maxLineChars()) + ":");
            cut.forEach(f -> line("  " + f.path() + " — " + Labels.LINES_CUT_IN_FILE.format(locale, f.linesCut())));
        }
        if (!report.timeline().isEmpty()) {
            line("");
            line(t(Labels.TIMELINE) + ":");
            // The latest entries: the current failure is at the end of a long history of routine sessions.
            int earlier = Math.max(0, report.timeline().size() - TIMELINE_SHOWN);
            if (earlier > 0) {
                line("  … " + Labels.EARLIER.format(locale, earlier));
            }
            report.timeline().stream()
                    .skip(earlier)
                    .forEach(e -> line("  " + WHEN.format(e.time()) + "  " + e.kind() + "  " + facts(e.facts()) + "  ("
                            + e.source().location() + ")"));
        }
        return out.toString();
    }

    /** {@code 2023-12-29 09:00:01  WindowsUpdateAgent  KB5032196  failure 0x80070490 — cause (CBS.log:120)}. */
    private String round(ServicingRound r) {
        return r.start().map(WHEN::format).orElse("-                  ") + "  " + Labels.attemptWord(r.client(), locale)
                + "  "
                + r.target().orElse("-") + "  " + Labels.attemptWord(r.result(), locale)
                + r.code().map(c -> " " + c).orElse("")
                // A round that did not fail has no cause: what is named there is what the round showed (a check
                // passed).
                + r.cause()
                        .map(c -> " — " + ("failure".equals(r.result()) ? t(Labels.CAUSE) + ": " : "") + c.in(locale))
                        .orElse("")
                + "  (" + r.failure().map(Evidence::location).orElse(r.first().location()) + ")";
    }

    /** The known-benign lines by shape, with why each is harmless and the first line of it: on demand only. */
    String benign(DiagnosisReport report) {
        line("");
        line(t(Labels.BENIGN_LIST) + ":");
        for (BenignLineCount b : report.bundle().benignLines()) {
            line(String.format(
                    Locale.ROOT,
                    "  %,9d  %s — %s",
                    b.lines(),
                    b.shape(),
                    b.reason().in(locale)));
            line("             " + b.example().location() + "  " + b.example().text());
        }
        return out.toString();
    }

    private void finding(Finding f, String number, String indent) {
        line("");
        line(indent + number + ". [" + t(Labels.of(f.severity())) + ", " + t(Labels.CONFIDENCE) + " "
                + t(Labels.of(f.confidence())) + "] " + f.title(locale));
        String pad = indent + "   ";
        if (!f.facts().isEmpty()) {
            line(pad + t(Labels.FACTS) + ": " + facts(f.facts()));
        }
        ErrorCatalog.standard()
                .describe(f.facts().get("code"), build)
                .ifPresent(code -> line(pad + t(Labels.MEANING) + ": " + code.named() + " — "
                        + code.meaning().in(locale)));
        line(pad + t(Labels.EVIDENCE) + " (" + f.evidenceCount() + " " + t(Labels.LINES) + "):");
        for (EvidenceRows.Row row : EvidenceRows.of(f.evidence()).rows()) {
            line(pad + (row.cited() ? "  " : "    ") + row.label() + "  " + row.text());
        }
        if (f.evidenceCount() > f.evidence().size()) {
            line(pad + "  … "
                    + Labels.MORE.format(
                            locale, f.evidenceCount() - f.evidence().size()));
        }
        if (!f.remediation().isEmpty()) {
            line(pad + t(Labels.FIX) + ":");
            int step = 1;
            for (RemediationStep s : f.remediation()) {
                line(pad + "  " + step++ + ") " + s.text().in(locale));
                s.command().ifPresent(c -> line(pad + "     > " + c));
            }
        }
        if (!f.children().isEmpty()) {
            line(pad + t(Labels.CAUSES) + ":");
            int child = 1;
            for (Finding c : f.children()) {
                finding(c, number + "." + child++, pad);
            }
        }
    }

    static String facts(Map<String, String> facts) {
        return facts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private String t(Labels label) {
        return label.text().in(locale);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
