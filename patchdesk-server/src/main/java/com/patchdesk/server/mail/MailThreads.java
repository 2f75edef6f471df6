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

    /** The case mail with this token goes to: the thread's own, or the one it was merged into. */
    Optional<CaseNumber> caseOf(TrackingToken token) {
        return jdbc.sql("SELECT COALESCE(merged_into, case_number) FROM mail_threads WHERE tracking_token = ?")
                .param(token.value())
                .query(String.class)
                .optional()
                .map(CaseNumber::new);
    }

    Optional<CaseNumber> caseOf(long caseId) {
        return jdbc.sql("SELECT COALESCE(merged_into, case_number) FROM mail_threads WHERE case_id = ?")
                .param(caseId)
                .query(String.class)
                .optional()
                .map(CaseNumber::new);
    }

    /** The case mail naming this case number goes to: the case itself, or the one it was merged into. */
    CaseNumber current(CaseNumber number) {
        return jdbc.sql("SELECT merged_into FROM mail_threads WHERE case_number = ? AND merged_into IS NOT NULL")
                .param(number.value())
                .query(String.class)
                .optional()
                .map(CaseNumber::new)
                .orElse(number);
    }

    /**
     * Sends the duplicate's thread, and every thread merged into it before, to the target; false when the duplicate
     * never had mail (then there is nothing to send on).
     */
    boolean mergeInto(CaseRef duplicate, CaseRef target, Instant now) {
        if (tokenOf(duplicate.id()).isEmpty()) {
            return false;
        }
        open(target, now);
        jdbc.sql("UPDATE mail_threads SET merged_into = :target WHERE case_id = :duplicate OR merged_into = :number")
                .param("target", target.number().value())
                .param("duplicate", duplicate.id())
                .param("number", duplicate.number().value())
                .update();
        return true;
    }

    private Optional<TrackingToken> tokenOf(long caseId) {
        return jdbc.sql("SELECT tracking_token FROM mail_threads WHERE case_id = ?")
                .param(caseId)
                .query(String.class)
                .optional()
                .map(TrackingToken::new);
    }
}
