package com.patchdesk.server.attention;

import java.time.Instant;
import java.util.List;

/**
 * One case on an engineer's attention list, with every reason it is there.
 *
 * @param reasons most pressing first
 * @param latest when the newest reason arose
 * @param slaDueAt the SLA target owed next, when one is due within the engineer's horizon
 */
public record AttentionItem(
        long caseId,
        String number,
        String title,
        String status,
        String priority,
        List<NotificationKind> reasons,
        List<String> details,
        Instant latest,
        Instant slaDueAt) {

    public NotificationKind topReason() {
        return reasons.get(0);
    }
}
