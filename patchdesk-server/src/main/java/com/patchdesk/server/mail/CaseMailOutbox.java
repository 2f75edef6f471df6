package com.patchdesk.server.mail;

import com.patchdesk.server.cases.CaseRef;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes an outbound case mail: the stored message and its outbox row in one transaction, so an SMTP outage
 * never loses what an engineer sent. {@link OutboxSender} delivers it.
 */
@Service
class CaseMailOutbox {

    private final MailMessages messages;
    private final MailThreads threads;
    private final MailDomain domain;
    private final MailProperties properties;
    private final SecureRandom random;
    private final Clock clock;

    CaseMailOutbox(
            MailMessages messages,
            MailThreads threads,
            MailDomain domain,
            MailProperties properties,
            SecureRandom mailRandom,
            Clock clock) {
        this.messages = messages;
        this.threads = threads;
        this.domain = domain;
        this.properties = properties;
        this.random = mailRandom;
        this.clock = clock;
    }

    /**
     * Queues a mail on a case (access already checked: that is what a {@link CaseRef} proves) and returns its
     * row id. The subject becomes {@code [<case number>] <title> [ref:<token>]}; the mail answers the case's
     * latest mail.
     */
    @Transactional
    long queue(CaseRef ref, List<String> to, String title, String text, String html) {
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a case mail needs at least one recipient");
        }
        Instant now = clock.instant();
        TrackingToken token = threads.open(ref, now);
        String messageId = domain.newMessageId(random);
        MailMessages.Threading threading = messages.threadingFor(ref.id());
        long id = messages.insert(new NewMail(
                messageId,
                messageId,
                ref.id(),
                MailDirection.OUT,
                properties.from(),
                properties.fromName(),
                to,
                CaseMailSubject.of(ref.number().value(), title, token),
                text,
                html,
                threading.inReplyTo(),
                threading.references(),
                null,
                now,
                null,
                List.of(),
                false));
        messages.enqueue(id, now);
        return id;
    }
}
