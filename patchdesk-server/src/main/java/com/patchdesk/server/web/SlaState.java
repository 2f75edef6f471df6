package com.patchdesk.server.web;

import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseView;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a case stands against its response target right now, as the list and the queue show it. The target that
 * counts is the first response until one was given, then the next update.
 */
enum SlaState {
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

    static SlaState of(CaseView view, Instant now, Duration warning) {
        if (view.status() == CaseStatus.RESOLVED || view.status() == CaseStatus.CLOSED) {
            return STOPPED;
        }
        if (view.sla().paused()) {
            return PAUSED;
        }
        Instant due = dueOf(view.sla());
        if (due == null) {
            return ON_TRACK;
        }
        if (!due.isAfter(now)) {
            return BREACHED;
        }
        return due.isAfter(now.plus(warning)) ? ON_TRACK : AT_RISK;
    }

    /** The instant the next response is owed, or null when none is pending. */
    static Instant dueOf(CaseView.Sla sla) {
        return sla.firstRespondedAt() == null ? sla.firstResponseDueAt() : sla.nextUpdateDueAt();
    }

    public String cssClass() {
        return "sla-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
