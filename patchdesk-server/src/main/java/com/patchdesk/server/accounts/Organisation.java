package com.patchdesk.server.accounts;

import java.time.Instant;

/** A customer company. {@code emailDomain} (may be null) routes mail from unknown senders to it. */
public record Organisation(long id, String name, String emailDomain, Instant createdAt) {
}
