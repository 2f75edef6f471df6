package com.patchdesk.server.mail;

import java.time.Instant;
import java.util.List;

/**
 * A mail on a case as listed to staff and customers.
 *
 * @param sentAt    for received mail its Date header, for sent mail when SMTP accepted it (null while queued)
 * @param lastError why the last SMTP attempt failed, for queued and undeliverable mail
 * @param entryId   the case timeline entry (MAIL_IN or MAIL_OUT) that shows this mail
 * @param consentEntryId the CONSENT entry an engineer recorded for this mail, if any
 */
record StoredMail(
        long id,
        long caseId,
        String messageId,
        MailDirection direction,
        String fromAddress,
        String fromName,
        List<String> to,
        String subject,
        String text,
        Instant sentAt,
        Instant recordedAt,
        DeliveryState delivery,
        int attempts,
        String lastError,
        ThreadMatch threadMatch,
        List<String> notes,
        Long entryId,
        Long consentEntryId) {

    StoredMail {
        to = List.copyOf(to);
        notes = List.copyOf(notes);
    }
}
