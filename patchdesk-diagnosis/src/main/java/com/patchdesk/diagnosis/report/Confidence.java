package com.patchdesk.diagnosis.report;

import java.util.Locale;

/** How sure the rule is that the finding is the real explanation. */
public enum Confidence {
    HIGH,
    MEDIUM,
    LOW;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Confidence ofKey(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }
}
