package com.patchdesk.diagnosis.eval;

import com.patchdesk.diagnosis.AnalysisOptions;
import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.bundle.BundleUnreadableException;
import com.patchdesk.diagnosis.bundle.SkippedFile;
import com.patchdesk.diagnosis.report.BundleSummary;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Finding;
import com.patchdesk.diagnosis.report.Outcome;
import com.patchdesk.diagnosis.report.ReportFormat;
import com.patchdesk.diagnosis.report.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs the engine over a folder of cases, each a folder with {@code bundle/} (the logs, or one zip) and
 * {@code expect.txt} ({@link Expectations}), and says per case whether the JSON diagnosis meets its expectations.
 * Healthy cases (their expectations forbid a diagnosed failure) also count false alarms: a failure outcome or any
 * finding of severity warning or above.
 */
public final class Evaluation {

    private Evaluation() {}

    /** The verdict on one case. */
    public record CaseResult(
            String name, boolean healthy, List<String> problems, boolean falseAlarm, String firstFinding) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    /** All cases of one or more folders, in name order per folder. */
    public record Result(List<CaseResult> cases) {
        public long passed() {
            return cases.stream().filter(CaseResult::passed).count();
        }

        public long failed() {
            return cases.size() - passed();
        }

        public long failureCases() {
            return cases.stream().filter(c -> !c.healthy()).count();
        }

        public long failureCasesPassed() {
            return cases.stream().filter(c -> !c.healthy() && c.passed()).count();
        }

        public long healthyCases() {
            return cases.stream().filter(CaseResult::healthy).count();
        }

        public long falseAlarms() {
            return cases.stream().filter(CaseResult::falseAlarm).count();
        }
    }

    public static Result run(List<Path> folders, AnalysisOptions options) throws IOException {
        List<CaseResult> results = new ArrayList<>();
        for (Path folder : folders) {
            for (Path dir : cases(folder)) {
                results.add(runCase(dir, options));
            }
        }
        return new Result(results);
    }

    /** The case folders under {@code folder} (those with an expect.txt), or {@code folder} itself if it is one. */
    static List<Path> cases(Path folder) throws IOException {
        if (Files.isRegularFile(folder.resolve("expect.txt"))) {
            return List.of(folder);
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(d -> Files.isRegularFile(d.resolve("expect.txt")))
                    .sorted()
                    .toList();
        }
    }

    static CaseResult runCase(Path dir, AnalysisOptions options) throws IOException {
        String name = dir.getFileName().toString();
        Expectations expect = Expectations.read(dir.resolve("expect.txt"));
        Path bundle = bundle(dir);
        DiagnosisReport report;
        try {
            report = Diagnosis.analyze(bundle, options);
        } catch (BundleUnreadableException e) {
            return new CaseResult(name, expect.healthy(), List.of("unreadable: " + e.getMessage()), false, "");
        }
        List<String> problems = problems(report, expect);
        boolean alarm = expect.healthy()
                && (report.outcome() == Outcome.FAILURE_DIAGNOSED
                        || report.allFindings().stream()
                                .anyMatch(f -> f.severity().compareTo(Severity.WARNING) <= 0));
        String first =
                report.findings().isEmpty() ? "" : describe(report.findings().get(0));
        return new CaseResult(name, expect.healthy(), problems, alarm, first);
    }

    /** What is wrong with a case's report: unmet expectations, and what the engine failed to read. */
    static List<String> problems(DiagnosisReport report, Expectations expect) {
        List<String> problems = new ArrayList<>();
        if (report.outcome() == Outcome.NOTHING_READ) {
            problems.add("nothing read");
        }
        // A reader that threw keeps what it read before: the expectations may still be met by the first lines, so
        // the defect is a failure of its own, or it would hide behind a passing case.
        report.bundle().skipped().stream()
                .filter(SkippedFile::readerDefect)
                .forEach(s -> problems.add("reader defect on " + s.path() + ": " + s.reason()));
        problems.addAll(expect.problems(ReportFormat.JSON.render(withoutItsPath(report), Locale.ENGLISH)));
        return problems;
    }

    /**
     * The report as matched against the expectations: the input's path left out. A case folder is named for what it
     * is, often with its code ({@code 14-...-0x800f081f}), and the report states the path it read; matched with the
     * path, the name alone met such an expectation.
     */
    static DiagnosisReport withoutItsPath(DiagnosisReport report) {
        BundleSummary b = report.bundle();
        BundleSummary unnamed = new BundleSummary(
                "bundle",
                b.read(),
                b.skipped(),
                b.osBuild(),
                b.updateAttempts(),
                b.events(),
                b.eventsNotKept(),
                b.benignLines(),
                b.catalog(),
                b.machine());
        return new DiagnosisReport(
                report.schemaVersion(),
                unnamed,
                report.outcome(),
                report.findings(),
                report.history(),
                report.timeline(),
                report.rounds());
    }

    /** {@code bundle/}, or the single zip in it, as check.sh takes it. */
    private static Path bundle(Path dir) throws IOException {
        Path bundle = dir.resolve("bundle");
        try (Stream<Path> entries = Files.list(bundle)) {
            List<Path> all = entries.toList();
            if (all.size() == 1
                    && all.get(0)
                            .getFileName()
                            .toString()
                            .toLowerCase(Locale.ROOT)
                            .endsWith(".zip")) {
                return all.get(0);
            }
        }
        return bundle;
    }

    private static String describe(Finding f) {
        return f.ruleId() + " " + f.title(Locale.ENGLISH);
    }
}
