package com.patchdesk.server.mail;

import com.patchdesk.server.cases.CaseRef;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The mail side of a case merge: the duplicate's mails move to the case it went into, and its thread stays known
 * by its tracking token; what arrives on it (by token, by a reply to one of its mails, or by its number) goes to the
 * last case of the chain of merges recorded in {@code case_merges}, whether or not the duplicate ever had mail. The customer's mail client keeps answering the old thread for weeks; those answers must reach the
 * case someone works on, not a closed one.
 */
@Service
public class MergedThreads {

    private final MailThreads threads;
    private final MailMessages messages;

    MergedThreads(MailThreads threads, MailMessages messages) {
        this.threads = threads;
        this.messages = messages;
    }

    /** Within the merge's transaction; returns how many mails moved. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int merge(CaseRef duplicate, CaseRef target, Instant now) {
        if (!threads.mergeInto(duplicate, target, now)) {
            return 0;
        }
        return messages.move(duplicate.id(), target.id());
    }
}
