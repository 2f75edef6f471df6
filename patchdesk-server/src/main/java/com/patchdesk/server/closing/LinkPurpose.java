package com.patchdesk.server.closing;

/** What a closing link mailed to the customer is for. */
enum LinkPurpose {
    /** Confirms that the resolved case may be closed: the customer's consent. */
    CONFIRM,
    /** Rates the closed case once, 1 to 5 with a comment. */
    SURVEY
}
