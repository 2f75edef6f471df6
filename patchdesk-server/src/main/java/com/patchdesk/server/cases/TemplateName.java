package com.patchdesk.server.cases;

/** The texts engineers send at the milestones of a case. */
public enum TemplateName {
    /** Problem definition, scope, next actions. */
    SCOPING,
    /** What the analysis found so far and what happens next. */
    ANALYSIS_UPDATE,
    /** Case number, problem description, analysis, conclusion. */
    CLOSURE_SUMMARY
}
