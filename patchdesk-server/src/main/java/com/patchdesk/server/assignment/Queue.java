package com.patchdesk.server.assignment;

/**
 * A queue and its routing rule: a new case goes to the first queue (by position) whose given criteria all match.
 *
 * @param organisationId null: any organisation
 * @param product null: any product (compared ignoring case)
 * @param priority null: any priority
 */
public record Queue(
        long id,
        String name,
        Long organisationId,
        String organisationName,
        String product,
        String priority,
        int position,
        long openCases) {

    boolean hasRule() {
        return organisationId != null || product != null || priority != null;
    }
}
