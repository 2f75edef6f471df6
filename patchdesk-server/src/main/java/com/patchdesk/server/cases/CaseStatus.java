package com.patchdesk.server.cases;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a case is in its life. {@link #RESOLVED} means the engineer proposes the fix as final; the case can only be
 * {@link #CLOSED} once the customer's consent is on record. Resolved and closed cases can be reopened.
 */
public enum CaseStatus {
    NEW,
    SCOPING,
    INVESTIGATING,
    WAITING_FOR_CUSTOMER,
    RESOLVED,
    CLOSED;

    /** The statuses this one may move to. */
    public Set<CaseStatus> next() {
        return switch (this) {
            case NEW -> EnumSet.of(SCOPING);
            case SCOPING -> EnumSet.of(INVESTIGATING, WAITING_FOR_CUSTOMER);
            case INVESTIGATING -> EnumSet.of(WAITING_FOR_CUSTOMER, RESOLVED);
            case WAITING_FOR_CUSTOMER -> EnumSet.of(INVESTIGATING, RESOLVED);
            case RESOLVED -> EnumSet.of(CLOSED, INVESTIGATING);
            case CLOSED -> EnumSet.of(INVESTIGATING);
        };
    }

    public boolean canMoveTo(CaseStatus target) {
        return next().contains(target);
    }

    /** Open cases run SLA clocks and accept work. */
    public boolean isOpen() {
        return this != RESOLVED && this != CLOSED;
    }
}
