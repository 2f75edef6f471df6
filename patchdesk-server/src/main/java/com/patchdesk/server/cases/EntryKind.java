package com.patchdesk.server.cases;

/** Kinds of timeline entries; the database accepts all of them, features add entries of their own kind. */
public enum EntryKind {
    MAIL_IN,
    MAIL_OUT,
    CALL,
    NOTE,
    STATUS_CHANGE,
    UPLOAD,
    DIAGNOSIS,
    DOWNLOAD_PUBLISHED,
    DOWNLOAD,
    /** The customer agreed to close: portal click, mail reply, or an engineer's note of a call. */
    CONSENT;

    /** Whether a customer-visible entry of this kind by staff answers the customer (meets SLA targets). */
    boolean answersCustomer() {
        return this == MAIL_OUT || this == CALL || this == NOTE;
    }
}
