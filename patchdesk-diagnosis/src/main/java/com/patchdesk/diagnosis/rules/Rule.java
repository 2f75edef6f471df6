package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.report.Confidence;
import com.patchdesk.diagnosis.report.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One rule as read from its YAML file; see docs/rules.md. {@code perRound} ({@code scope: round}): a failure that
 * belongs to the servicing attempt it happened in, so that the same failure in two rounds is two findings and a round
 * that a later failed round followed is history.
 */
record Rule(
        String id,
        String origin,
        Template titleEn,
        Template titleZh,
        Severity severity,
        Confidence confidence,
        Role role,
        int rank,
        String marks,
        boolean perRound,
        List<Clause> match,
        List<Clause> absent,
        List<Clause> supersededBy,
        Map<String, Template> facts,
        Map<String, Derivation> derive,
        List<Explains> explains,
        List<Step> remediation) {

    /**
     * The facts that take a value from an {@code each} clause: the values of all its matches ("a, b, c (+12)"), which
     * are evidence of the finding (the damaged components and their files), not what names its cause.
     */
    Set<String> listFacts() {
        Set<String> each = new HashSet<>();
        match.stream().filter(Clause::each).forEach(c -> each.add(c.name()));
        Set<String> listed = new TreeSet<>();
        facts.forEach((name, template) -> {
            for (String reference : template.references()) {
                int dot = reference.indexOf('.');
                if (dot > 0 && each.contains(reference.substring(0, dot))) {
                    listed.add(name);
                }
            }
        });
        return listed;
    }

    boolean marksInstalled() {
        return "installed".equals(marks);
    }

    /** {@code marks: healthy}: a finding of this rule with nothing failed makes the outcome {@code healthy}. */
    boolean marksHealthy() {
        return "healthy".equals(marks);
    }

    /** A cause is reported at the top of a chain; a symptom attaches under the cause that shares its evidence. */
    enum Role {
        CAUSE,
        SYMPTOM
    }

    /** This rule's findings are the cause of findings of {@code rule} whose facts agree as {@code same} says. */
    record Explains(String rule, Map<String, String> same) {}

    /**
     * A fix step; {@code when} (if given) must resolve for the step to be shown at all, {@code unless} (if given) must
     * not; {@code each} names an {@code each} clause: the step is repeated for each of its matches. An {@code otherwise}
     * step is the alternative to the steps shown before it: it reads "Otherwise, …" ("否则，…") after one of them, and
     * as it is written when it is the first step shown (the one before it did not apply).
     */
    record Step(
            Template en,
            Template zh,
            Optional<Template> command,
            Optional<Template> when,
            Optional<Template> unless,
            Optional<String> each,
            boolean otherwise) {}
}
