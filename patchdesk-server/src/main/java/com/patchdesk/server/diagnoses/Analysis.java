package com.patchdesk.server.diagnoses;

import java.util.List;

/**
 * What the engine made of one bundle: its JSON report, its findings in chain order, how many files it could read
 * and why it left the others aside; {@code summaryJson} is the {@link ChildJvmAnalyzer.Summary} for templates.
 */
record Analysis(String reportJson, String outcome, List<StoredFinding> findings, int filesRead,
                List<String> skipped, String summaryJson) {

    Analysis {
        findings = List.copyOf(findings);
        skipped = List.copyOf(skipped);
    }
}
