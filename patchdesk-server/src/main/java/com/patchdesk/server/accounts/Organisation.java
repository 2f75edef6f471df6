package com.patchdesk.server.accounts;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A customer company. {@code emailDomain} (may be null) routes mail from unknown senders to it; {@code timeZone}
 * (an IANA id such as {@code Asia/Shanghai}) is where mail to it states times. With
 * {@code checkMailAuthentication} (the default) mail from its senders is taken only when the receiving server's
 * Authentication-Results say it passed; otherwise it is held for staff.
 */
public record Organisation(
        long id, String name, String emailDomain, Instant createdAt, String timeZone, boolean checkMailAuthentication) {

    /** The organisation's time zone as a {@link ZoneId}. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
