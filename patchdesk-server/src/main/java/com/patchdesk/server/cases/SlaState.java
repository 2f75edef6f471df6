package com.patchdesk.server.cases;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a case stands against its response target right now, as the list and the queue show it: the earliest
 * response owed ({@link CaseView.Sla#nextDueAt()}) against the clock. A target missed earlier but met since is
 * not a live breach; the case page shows it separately.
 */
public enum SlaState {
    /** The target passed without a response. */
    BREACHED,
    /** The target falls within the warning window. */
    AT_RISK,
    /** Running, target further away (or not set). */
    ON_TRACK,
    /** Waiting for the customer: the clock does not run. */
    PAUSED,
    /** Resolved or closed: no target applies. */
    STOPPED;

    public static SlaState of(CaseView view, Instant now, Duration warning) {
        if (!view.status().isOpen()) {
            return STOPPED;
        }
        if (view.sla().paused()) {
            return PAUSED;
        }
        Instant due = view.sla().nextDueAt();
        if (due == null) {
            return ON_TRACK;
        }
        if (!due.isAfter(now)) {
            return BREACHED;
        }
        return due.isAfter(now.plus(warning)) ? ON_TRACK : AT_RISK;
    }

    public String cssClass() {
        return "sla-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
