package com.patchdesk.diagnosis.report;

import java.util.Locale;

/** The one-line verdict of a diagnosis. */
public enum Outcome {
    /** At least one failure was explained. */
    FAILURE_DIAGNOSED,
    /** The logs show the update installed and nothing failed since. */
    INSTALLED,
    /** Nothing failed, and no install was seen either. */
    NO_FAILURE_FOUND;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
