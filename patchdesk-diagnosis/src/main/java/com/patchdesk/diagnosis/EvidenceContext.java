package com.patchdesk.diagnosis;

import com.patchdesk.diagnosis.bundle.BundleLimits;
import com.patchdesk.diagnosis.bundle.BundleLines;
import com.patchdesk.diagnosis.bundle.BundleUnreadableException;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Evidence;
import com.patchdesk.diagnosis.report.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The post-pass that gives evidence lines their surroundings. It runs after the rules, so the scan stays one
 * streaming pass whatever the context; only files that hold cited evidence are opened again.
 */
final class EvidenceContext {

    /** Evidence items that get context, in chain order then history; a report past that keeps bare lines. */
    static final int MAX_ITEMS = 200;

    private final int lines;

    private EvidenceContext(int lines) {
        this.lines = lines;
    }

    /**
     * {@code report} with up to {@code lines} lines before and after each evidence line of its findings. Reading
     * again can fail only if the input changed since the scan; the report then keeps its bare evidence.
     */
    static DiagnosisReport attach(DiagnosisReport report, Path input, int lines) {
        if (lines == 0) {
            return report;
        }
        EvidenceContext context = new EvidenceContext(lines);
        List<Finding> cited = new ArrayList<>(report.allFindings());
        cited.addAll(report.allHistory());
        Map<String, NavigableSet<Long>> wanted = new HashMap<>();
        int items = 0;
        for (Finding finding : cited) {
            for (Evidence e : finding.evidence()) {
                if (items++ >= MAX_ITEMS) {
                    break;
                }
                NavigableSet<Long> numbers = wanted.computeIfAbsent(e.file(), f -> new TreeSet<>());
                for (long n = Math.max(1, e.line() - lines); n <= e.line() + lines; n++) {
                    if (n != e.line()) {
                        numbers.add(n);
                    }
                }
            }
        }
        if (wanted.isEmpty()) {
            return report;
        }
        Map<String, Map<Long, String>> texts;
        try {
            texts = BundleLines.read(input, wanted, BundleLimits.defaults());
        } catch (BundleUnreadableException e) {
            return report;
        }
        int[] budget = {MAX_ITEMS};
        List<Finding> findings = report.findings().stream()
                .map(f -> context.with(f, texts, budget))
                .toList();
        List<Finding> history = report.history().stream()
                .map(f -> context.with(f, texts, budget))
                .toList();
        return new DiagnosisReport(
                report.schemaVersion(),
                report.bundle(),
                report.outcome(),
                findings,
                history,
                report.timeline(),
                report.rounds());
    }

    /** The same order as {@link #attach} counted in, so the same items get context. */
    private Finding with(Finding finding, Map<String, Map<Long, String>> texts, int[] budget) {
        List<Evidence> evidence = new ArrayList<>();
        for (Evidence e : finding.evidence()) {
            evidence.add(budget[0]-- > 0 ? around(e, texts.getOrDefault(e.file(), Map.of())) : e);
        }
        List<Finding> children =
                finding.children().stream().map(c -> with(c, texts, budget)).toList();
        return new Finding(
                finding.ruleId(),
                finding.title(),
                finding.severity(),
                finding.confidence(),
                finding.facts(),
                evidence,
                finding.evidenceCount(),
                finding.remediation(),
                children,
                finding.rounds());
    }

    private Evidence around(Evidence e, Map<Long, String> file) {
        List<Evidence.NearbyLine> before = new ArrayList<>();
        for (long n = Math.max(1, e.line() - lines); n < e.line(); n++) {
            String text = file.get(n);
            if (text != null) {
                before.add(new Evidence.NearbyLine(n, text));
            }
        }
        List<Evidence.NearbyLine> after = new ArrayList<>();
        for (long n = e.line() + 1; n <= e.line() + lines; n++) {
            String text = file.get(n);
            if (text == null) {
                break;
            }
            after.add(new Evidence.NearbyLine(n, text));
        }
        return e.withContext(before, after);
    }
}
