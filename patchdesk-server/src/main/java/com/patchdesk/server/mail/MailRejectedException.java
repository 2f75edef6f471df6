package com.patchdesk.server.mail;

/** A mail that cannot be taken into a case at all (no sender, too large); the reason is shown to staff. */
final class MailRejectedException extends Exception {

    MailRejectedException(String reason) {
        super(reason);
    }

    MailRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
