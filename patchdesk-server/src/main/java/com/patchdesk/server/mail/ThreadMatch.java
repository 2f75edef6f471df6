package com.patchdesk.server.mail;

/** How a received mail found its case, kept with the mail so an engineer can see why it landed there. */
enum ThreadMatch {
    /** The subject carried the case's tracking token. */
    TOKEN,
    /** In-Reply-To or References named a mail already on the case. */
    REFERENCES,
    /** The subject named the case number and the sender belongs to the case's organisation (or is staff). */
    CASE_NUMBER,
    /** Nothing matched; the mail opened a new case. */
    NEW_CASE
}
