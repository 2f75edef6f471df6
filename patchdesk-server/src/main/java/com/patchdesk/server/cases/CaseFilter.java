package com.patchdesk.server.cases;

/**
 * Filters for listing cases; null fields do not filter. Customers are always limited to their organisation.
 *
 * @param ownerId a user id, or {@code 0} for cases nobody owns
 * @param kb      e.g. KB5032196 or 5032196 (case-insensitive)
 * @param error   e.g. 0x800F0986 or 800f0986
 * @param text    words that must all occur in the case or in a timeline entry the viewer may see (see
 *                {@link CaseSearch})
 * @param sla     where the case stands against its response target now
 */
public record CaseFilter(
        CaseStatus status,
        Priority priority,
        Long organisationId,
        Long ownerId,
        String kb,
        String error,
        String text,
        SlaState sla) {

    public CaseFilter(
            CaseStatus status, Priority priority, Long organisationId, Long ownerId, String kb, String error) {
        this(status, priority, organisationId, ownerId, kb, error, null, null);
    }

    public static CaseFilter none() {
        return new CaseFilter(null, null, null, null, null, null, null, null);
    }
}
