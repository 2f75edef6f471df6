package com.patchdesk.server.mail;

import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.StateConflictException;

/** A mail that had to go at once was not sent: no SMTP server is configured, or it refused the mail (HTTP 409). */
class MailNotSentException extends StateConflictException {

    private final String why;

    MailNotSentException(Reason reason, String why) {
        super(reason);
        this.why = why;
    }

    /** What went wrong, for the case's record: the mail server's answer, or that none is configured. */
    String why() {
        return why;
    }
}
