package com.patchdesk.server.mail;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The tracking token of each case's mail thread ({@code mail_threads}). */
@Repository
class MailThreads {

    private final JdbcClient jdbc;
    private final SecureRandom random;
    private final TransactionTemplate savepoint;

    MailThreads(JdbcClient jdbc, SecureRandom mailRandom, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.random = mailRandom;
        // A savepoint, so losing the race to issue a token does not abort the caller's transaction (PostgreSQL
        // refuses every further statement in a transaction after a failed one).
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** The case's token, issued on first use. */
    TrackingToken tokenFor(long caseId, Instant now) {
        Optional<TrackingToken> existing = find(caseId);
        if (existing.isPresent()) {
            return existing.get();
        }
        TrackingToken token = TrackingToken.issue(random);
        try {
            savepoint.executeWithoutResult(status -> jdbc
                    .sql("INSERT INTO mail_threads (case_id, tracking_token, created_at) VALUES (?, ?, ?)")
                    .params(caseId, token.value(), Timestamp.from(now))
                    .update());
            return token;
        } catch (DuplicateKeyException concurrentlyIssued) {
            // Another request issued the case's token first; that one is the token.
            return find(caseId).orElseThrow(() -> concurrentlyIssued);
        }
    }

    Optional<Long> caseOf(TrackingToken token) {
        return jdbc.sql("SELECT case_id FROM mail_threads WHERE tracking_token = ?")
                .param(token.value())
                .query(Long.class)
                .optional();
    }

    private Optional<TrackingToken> find(long caseId) {
        return jdbc.sql("SELECT tracking_token FROM mail_threads WHERE case_id = ?")
                .param(caseId)
                .query(String.class)
                .optional()
                .map(TrackingToken::new);
    }
}
