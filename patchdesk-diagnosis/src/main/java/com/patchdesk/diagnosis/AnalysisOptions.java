package com.patchdesk.diagnosis;

import com.patchdesk.diagnosis.rules.RuleBook;
import java.util.Objects;

/**
 * How {@link Diagnosis#analyze(java.nio.file.Path, AnalysisOptions)} runs.
 *
 * @param rules        the rule book
 * @param contextLines lines to attach before and after every evidence line of the findings (0 to
 *                     {@value #MAX_CONTEXT_LINES}); 0 reads nothing twice
 */
public record AnalysisOptions(RuleBook rules, int contextLines) {

    public static final int MAX_CONTEXT_LINES = 20;

    public AnalysisOptions {
        Objects.requireNonNull(rules, "rules");
        if (contextLines < 0 || contextLines > MAX_CONTEXT_LINES) {
            throw new IllegalArgumentException(
                    "context lines must be between 0 and " + MAX_CONTEXT_LINES + ", not " + contextLines);
        }
    }

    /** The standard rules, no context. */
    public static AnalysisOptions defaults() {
        return new AnalysisOptions(RuleBook.standard(), 0);
    }

    public AnalysisOptions withRules(RuleBook book) {
        return new AnalysisOptions(book, contextLines);
    }

    public AnalysisOptions withContextLines(int lines) {
        return new AnalysisOptions(rules, lines);
    }
}
