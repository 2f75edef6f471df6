package com.patchdesk.diagnosis.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of diagnosing one bundle: what was read, the findings as a chain (root causes first, their symptoms
 * as children), failures that a later successful install made history, a timeline, and the servicing rounds (the
 * latest is the machine's current state).
 */
public record DiagnosisReport(
        String schemaVersion,
        BundleSummary bundle,
        Outcome outcome,
        List<Finding> findings,
        List<Finding> history,
        List<TimelineEntry> timeline,
        ServicingRound.All rounds) {

    public static final String SCHEMA = "patchdesk.diagnosis/1";

    public DiagnosisReport {
        findings = List.copyOf(findings);
        history = List.copyOf(history);
        timeline = List.copyOf(timeline);
    }

    /** Every finding of the chain, depth first, parents before their children. */
    public List<Finding> allFindings() {
        List<Finding> all = new ArrayList<>();
        findings.forEach(f -> flatten(f, all));
        return all;
    }

    /** Every finding of the history, depth first, parents before their children. */
    public List<Finding> allHistory() {
        List<Finding> all = new ArrayList<>();
        history.forEach(f -> flatten(f, all));
        return all;
    }

    private static void flatten(Finding finding, List<Finding> into) {
        into.add(finding);
        finding.children().forEach(c -> flatten(c, into));
    }
}
