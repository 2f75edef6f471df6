package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import java.time.Instant;

/**
 * Published inside the transaction that moved a case, so a listener's writes (e.g. the mail asking the customer to
 * confirm a resolution) commit or roll back with the move.
 *
 * @param actor who moved it; null for the system
 */
public record CaseStatusChanged(CaseRef ref, CaseStatus from, CaseStatus to, Actor actor, Instant at) {}
