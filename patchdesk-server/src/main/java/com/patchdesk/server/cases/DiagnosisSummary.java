package com.patchdesk.server.cases;

import java.time.Instant;
import java.util.List;

/**
 * What the latest diagnosis of a case's uploads found, in the case's language, for templates.
 *
 * @param headline one line, e.g. "KB5032196 fails: forward delta for wkscli.dll cannot be applied (0x800F0986)"
 * @param findings causes found, each with its evidence (file:line)
 * @param plan ordered remediation steps
 */
public record DiagnosisSummary(String headline, List<String> findings, List<String> plan, Instant diagnosedAt) {

    public DiagnosisSummary {
        findings = List.copyOf(findings);
        plan = List.copyOf(plan);
    }
}
