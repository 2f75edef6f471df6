package com.patchdesk.server.audit;

/**
 * Who made a change, as the audit trail records it. Implemented by the accounts' {@code Actor}, so this package
 * needs nothing from the features that use it.
 */
public interface AuditActor {

    long userId();

    String email();
}
