package com.patchdesk.server.cases.internal;

import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.cases.SlaState;

/**
 * The case list's filters as the query string carries them ({@code /cases?status=INVESTIGATING&kb=KB5032196}).
 * Blank fields mean "any". {@code owner} is a user id, or {@code 0} for cases nobody owns.
 */
record CaseListQuery(
        String q,
        CaseStatus status,
        Priority priority,
        SlaState sla,
        Long customer,
        Long owner,
        String kb,
        String error,
        Integer page) {

    /** The same filter for {@link com.patchdesk.server.cases.CaseSearch}; it normalises KB and error codes. */
    com.patchdesk.server.cases.CaseFilter query() {
        return new com.patchdesk.server.cases.CaseFilter(status, priority, customer, owner, kb, error, q, sla);
    }

    /** Pages past any real list stay past it (an empty page), rather than wrapping the offset to page 1. */
    static final int LAST_PAGE = 1_000_000;

    int pageIndex() {
        return page == null || page < 0 ? 0 : Math.min(page, LAST_PAGE);
    }
}
