package com.patchdesk.server.diagnoses;

import java.util.List;
import java.util.Map;

/**
 * What the engine made of one bundle: its JSON report in each language (by tag, {@code en} and {@code zh-CN}),
 * its findings in chain order, how many files it could read
 * and why it left the others aside; {@code summaryJson} is the {@link ChildJvmAnalyzer.Summary} for templates.
 */
record Analysis(
        Map<String, String> reports,
        String outcome,
        List<StoredFinding> findings,
        int filesRead,
        List<String> skipped,
        String summaryJson) {

    Analysis {
        reports = Map.copyOf(reports);
        findings = List.copyOf(findings);
        skipped = List.copyOf(skipped);
    }
}
