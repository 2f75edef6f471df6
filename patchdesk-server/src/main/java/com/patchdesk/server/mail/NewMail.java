package com.patchdesk.server.mail;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A row about to be written to {@code mail_messages}. */
record NewMail(
        String identity,
        String messageId,
        long caseId,
        MailDirection direction,
        String fromAddress,
        String fromName,
        List<String> to,
        String subject,
        String text,
        String html,
        String inReplyTo,
        String references,
        Instant sentAt,
        Instant recordedAt,
        ThreadMatch threadMatch,
        List<String> notes,
        boolean automated) {

    NewMail {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(recordedAt, "recordedAt");
        to = List.copyOf(to);
        notes = List.copyOf(notes);
    }
}
