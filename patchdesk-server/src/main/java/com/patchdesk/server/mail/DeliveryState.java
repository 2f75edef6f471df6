package com.patchdesk.server.mail;

/** Where a stored mail stands: received, waiting for SMTP, accepted by SMTP, or given up on. */
enum DeliveryState {
    RECEIVED,
    QUEUED,
    SENT,
    UNDELIVERABLE
}
