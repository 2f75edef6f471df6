package com.patchdesk.diagnosis.report;

import java.util.Locale;

/** How much a finding matters for getting the update installed, most severe first. */
public enum Severity {
    CRITICAL,
    ERROR,
    WARNING,
    INFO;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFailure() {
        return this == CRITICAL || this == ERROR;
    }

    public static Severity ofKey(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }
}
