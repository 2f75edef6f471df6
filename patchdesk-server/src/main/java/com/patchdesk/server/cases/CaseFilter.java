package com.patchdesk.server.cases;

/**
 * Filters for listing cases; null fields do not filter. Customers are always limited to their organisation.
 *
 * @param kb e.g. KB5032196 (case-insensitive)
 * @param error e.g. 0x800F0986 or 800f0986
 */
public record CaseFilter(CaseStatus status, Priority priority, Long organisationId, Long ownerId, String kb,
        String error) {

    public static CaseFilter none() {
        return new CaseFilter(null, null, null, null, null, null);
    }
}
