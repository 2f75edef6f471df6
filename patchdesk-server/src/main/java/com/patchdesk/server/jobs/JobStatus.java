package com.patchdesk.server.jobs;

import java.util.Locale;

public enum JobStatus {
    QUEUED,
    RUNNING,
    DONE,
    FAILED;

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobStatus ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
