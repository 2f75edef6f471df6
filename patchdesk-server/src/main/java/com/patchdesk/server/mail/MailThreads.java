package com.patchdesk.server.mail;

import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.UtcTimestamps;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Each case's mail thread ({@code mail_threads}): its tracking token, created with the case's first mail. */
@Repository
class MailThreads {

    private static final int MAX_MERGES_FOLLOWED = 32;

    private final JdbcClient jdbc;
    private final SecureRandom random;
    private final TransactionTemplate savepoint;

    MailThreads(JdbcClient jdbc, SecureRandom mailRandom, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.random = mailRandom;
        // A savepoint, so losing the race to open a thread does not abort the caller's transaction (PostgreSQL
        // refuses every further statement in a transaction after a failed one).
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** The case's tracking token; the thread is opened (and the token issued) on first use. */
    TrackingToken open(CaseRef ref, Instant now) {
        Optional<TrackingToken> existing = tokenOf(ref.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        TrackingToken token = TrackingToken.issue(random);
        try {
            savepoint.executeWithoutResult(status -> jdbc.sql("""
                    INSERT INTO mail_threads (case_id, case_number, tracking_token, created_at) VALUES (?, ?, ?, ?)
                    """)
                    .params(ref.id(), ref.number().value(), token.value(), UtcTimestamps.toSql(now))
                    .update());
            return token;
        } catch (DuplicateKeyException concurrentlyOpened) {
            return tokenOf(ref.id()).orElseThrow(() -> concurrentlyOpened);
        }
    }

    /** The case mail with this token goes to: the thread's own, or the last one it was merged into. */
    Optional<CaseNumber> caseOf(TrackingToken token) {
        return jdbc.sql("SELECT case_id FROM mail_threads WHERE tracking_token = ?")
                .param(token.value())
                .query(Long.class)
                .optional()
                .map(this::survivorOf);
    }

    /** The case mail answering a mail of this case goes to: the case, or the last one it was merged into. */
    Optional<CaseNumber> caseOf(long caseId) {
        return Optional.of(survivorOf(caseId));
    }

    /** The case mail naming this case number goes to: the case itself, or the last one it was merged into. */
    CaseNumber current(CaseNumber number) {
        return jdbc.sql("SELECT id FROM cases WHERE number = ?")
                .param(number.value())
                .query(Long.class)
                .optional()
                .map(this::survivorOf)
                .orElse(number);
    }

    /**
     * Opens the target's thread for the duplicate's mails to move into; false when the duplicate never had mail
     * (then there is nothing to move). Later mail finds the target through {@code case_merges}, recorded by the
     * merge, so merges made before mail followed them are followed too.
     */
    boolean mergeInto(CaseRef duplicate, CaseRef target, Instant now) {
        if (tokenOf(duplicate.id()).isEmpty()) {
            return false;
        }
        open(target, now);
        return true;
    }

    /**
     * The number of the case at the end of the chain of merges starting at this one. A merged case cannot be merged
     * again nor become a target, so chains end; the bound only keeps a damaged table from looping forever.
     */
    private CaseNumber survivorOf(long caseId) {
        long current = caseId;
        for (int hop = 0; hop < MAX_MERGES_FOLLOWED; hop++) {
            Optional<Long> target = jdbc.sql("SELECT target_case_id FROM case_merges WHERE source_case_id = ?")
                    .param(current)
                    .query(Long.class)
                    .optional();
            if (target.isEmpty()) {
                break;
            }
            current = target.get();
        }
        return jdbc.sql("SELECT number FROM cases WHERE id = ?")
                .param(current)
                .query(String.class)
                .optional()
                .map(CaseNumber::new)
                .orElseThrow(() -> new IllegalStateException("no case " + caseId));
    }

    private Optional<TrackingToken> tokenOf(long caseId) {
        return jdbc.sql("SELECT tracking_token FROM mail_threads WHERE case_id = ?")
                .param(caseId)
                .query(String.class)
                .optional()
                .map(TrackingToken::new);
    }
}
