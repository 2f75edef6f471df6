package com.patchdesk.server.cases;

/**
 * What the case desk announces, for features that react to cases without the desk knowing them (assignment
 * routing, attention lists). Published inside the transaction that made the change, so a listener's writes commit
 * or roll back with it.
 */
public final class CaseEvents {

    private CaseEvents() {}

    /** A case was opened, by a user or from inbound mail. */
    public record Opened(CaseRef ref, String product, String priority) {}

    /**
     * The customer answered (portal reply, note, upload, mail).
     *
     * @param movedBack whether the answer took the case out of WAITING_FOR_CUSTOMER
     */
    public record CustomerAnswered(CaseRef ref, String how, boolean movedBack) {}

    /** An entry was added to a case's timeline. */
    public record EntryAppended(
            CaseRef ref,
            long entryId,
            EntryKind kind,
            Long authorId,
            boolean byStaff,
            boolean internal,
            String summary) {}
}
