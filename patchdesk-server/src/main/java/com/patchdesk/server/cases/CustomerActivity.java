package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one rule for what a customer's answer does to a case: whatever way it comes (mail, a portal reply, a note
 * through the API, an upload), a case that waits for the customer goes back to INVESTIGATING, which resumes its SLA
 * clocks, with a STATUS_CHANGE entry saying how the customer answered.
 */
@Component
public class CustomerActivity {

    private final JdbcClient jdbc;
    private final CaseLifecycle lifecycle;
    private final ApplicationEventPublisher events;

    CustomerActivity(JdbcClient jdbc, CaseLifecycle lifecycle, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.events = events;
    }

    /** As {@link #answered}, when {@code actor} is a customer; staff activity moves nothing. */
    @Transactional
    public CaseRef answeredBy(Actor actor, CaseRef ref, String how) {
        return actor != null && !actor.isStaff() ? answered(ref, how) : ref;
    }

    /**
     * The customer answered. The case row is locked first, so two answers arriving together move the case once
     * (the second finds it no longer waiting) instead of failing on the version.
     *
     * @param how the customer-visible reason on the status change, e.g. "The customer replied in the portal."
     * @return the case as it is now
     */
    @Transactional
    public CaseRef answered(CaseRef ref, String how) {
        CaseStatus status = jdbc.sql("SELECT status FROM cases WHERE id = :id FOR UPDATE")
                .param("id", ref.id())
                .query((rs, n) -> CaseStatus.valueOf(rs.getString(1)))
                .single();
        if (status != CaseStatus.WAITING_FOR_CUSTOMER) {
            CaseRef now = new CaseRef(ref.id(), ref.number(), ref.organisationId(), ref.language(), status);
            events.publishEvent(new CaseEvents.CustomerAnswered(now, how, false));
            return now;
        }
        CaseRef moved = lifecycle.transition(null, ref, CaseStatus.INVESTIGATING, null, how);
        events.publishEvent(new CaseEvents.CustomerAnswered(moved, how, true));
        return moved;
    }
}
