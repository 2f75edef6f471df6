package com.patchdesk.server.cases;

/** The texts engineers send at the milestones of a case. */
public enum TemplateName {
    /** Problem definition, scope, next actions. */
    SCOPING,
    /** What the analysis found so far and what happens next. */
    ANALYSIS_UPDATE,
    /** Case number, problem description, analysis, conclusion. */
    CLOSURE_SUMMARY,
    /**
     * An upload link with its expiry, limits and the collector's command, sent when the link is made: the link's token
     * exists only then, so this text is never offered where no link was just made.
     */
    UPLOAD_LINK;

    /** Whether an engineer can fill this text in at any time (the compose form, bulk replies). */
    public boolean composable() {
        return this != UPLOAD_LINK;
    }

    /** The texts {@link #composable()}, in their order. */
    public static TemplateName[] composables() {
        return java.util.Arrays.stream(values())
                .filter(TemplateName::composable)
                .toArray(TemplateName[]::new);
    }
}
