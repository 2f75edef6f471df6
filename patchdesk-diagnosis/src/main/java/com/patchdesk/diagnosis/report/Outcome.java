package com.patchdesk.diagnosis.report;

import java.util.Locale;

/** The one-line verdict of a diagnosis. */
public enum Outcome {
    /** At least one failure was explained. */
    FAILURE_DIAGNOSED,
    /** The logs show the update installed and nothing failed since. */
    INSTALLED,
    /** Nothing failed and no install was seen, and a health check (DISM, SFC) found the machine clean. */
    HEALTHY,
    /** Nothing failed, and no install was seen either. */
    NO_FAILURE_FOUND,
    /**
     * No file of the input could be read (not a zip, every entry encrypted, only binary files...): nothing can be
     * said about the machine, which is not the same as a healthy one.
     */
    NOTHING_READ;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
