package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.knowledge.Localized;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One explanation the rules found.
 *
 * @param ruleId        the rule that produced it, e.g. {@code wu-incomplete-download}
 * @param title         what is wrong, in both languages, with the facts filled in
 * @param severity      how much it matters
 * @param confidence    how sure the rule is
 * @param facts         principal facts in the form the logs use ({@code code}, {@code kb}, {@code package},
 *                      {@code component}, {@code file}, {@code os_build}, ...), in rule order
 * @param evidence      the first lines it rests on, in file and line order (capped)
 * @param evidenceCount how many lines it rests on in total, including those not listed
 * @param remediation   ordered steps
 * @param children      findings this one explains (symptoms under their cause)
 * @param rounds        the servicing attempts its lines were written in, by their labels (start time), oldest first
 */
public record Finding(
        String ruleId,
        Localized title,
        Severity severity,
        Confidence confidence,
        Map<String, String> facts,
        List<Evidence> evidence,
        long evidenceCount,
        List<RemediationStep> remediation,
        List<Finding> children,
        List<String> rounds) {

    public Finding {
        rounds = List.copyOf(rounds);
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        evidence = List.copyOf(evidence);
        remediation = List.copyOf(remediation);
        children = List.copyOf(children);
    }

    public String title(Locale locale) {
        return title.in(locale);
    }

    /**
     * Stable identity for comparing two diagnoses of the same case: the rule and its principal facts, e.g.
     * {@code wu-incomplete-download[kb=KB5032196]}. Evidence and wording are left out on purpose; they change
     * between log collections of the same problem.
     */
    public String key() {
        return ruleId
                + facts.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",", "[", "]"));
    }

    /** Whether this finding, or one it explains, rests on lines written in the round {@code label}. */
    public boolean concernsRound(String label) {
        return rounds.contains(label) || children.stream().anyMatch(c -> c.concernsRound(label));
    }

    /** The same finding as history: settled by a later install, so of severity info. */
    public Finding asHistory() {
        return new Finding(
                ruleId,
                title,
                Severity.INFO,
                confidence,
                facts,
                evidence,
                evidenceCount,
                remediation,
                children,
                rounds);
    }

    public Finding withChildren(List<Finding> newChildren) {
        return new Finding(
                ruleId, title, severity, confidence, facts, evidence, evidenceCount, remediation, newChildren, rounds);
    }
}
