package com.patchdesk.server.mail;

import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.Reason;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
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
    private final ObjectProvider<JavaMailSender> smtp;

    CaseMailOutbox(
            MailMessages messages,
            MailThreads threads,
            MailDomain domain,
            MailProperties properties,
            SecureRandom mailRandom,
            Clock clock,
            ObjectProvider<JavaMailSender> smtp) {
        this.messages = messages;
        this.threads = threads;
        this.domain = domain;
        this.properties = properties;
        this.random = mailRandom;
        this.clock = clock;
        this.smtp = smtp;
    }

    /**
     * Queues a mail on a case (access already checked: that is what a {@link CaseRef} proves) and returns its
     * row id. The subject becomes {@code [<case number>] <title> [ref:<token>]}; the mail answers the case's
     * latest mail.
     */
    @Transactional
    long queue(CaseRef ref, List<String> to, String title, String text, String html) {
        OutboundMessage stored = store(ref, to, title, text, html);
        messages.enqueue(stored.id(), clock.instant());
        return stored.id();
    }

    /**
     * Sends a mail that carries a secret (an upload link's token) at once, and stores it with {@code storedText}, the
     * same text without the secret: the outbox rebuilds a mail from its stored row, so a mail that must not be stored
     * as sent cannot wait there. Refused when SMTP is not configured or refuses the mail; the caller's transaction
     * then rolls back, and the engineer still has the link to pass on by hand.
     */
    @Transactional
    long sendNow(CaseRef ref, List<String> to, String title, String storedText, String sentText) {
        JavaMailSender server = smtp.getIfAvailable();
        if (server == null) {
            throw new MailNotSentException(Reason.of("problem.mail.noSmtp"), "no SMTP server is configured");
        }
        OutboundMessage stored = store(ref, to, title, storedText, null);
        OutboundMessage sent = new OutboundMessage(
                stored.id(),
                stored.messageId(),
                stored.fromAddress(),
                stored.fromName(),
                stored.to(),
                stored.subject(),
                sentText,
                null,
                stored.inReplyTo(),
                stored.references());
        try {
            MimeMessage message = server.createMimeMessage();
            sent.writeTo(message);
            server.send(message);
        } catch (MessagingException | MailException e) {
            throw new MailNotSentException(
                    Reason.of("problem.mail.notTaken", String.valueOf(e.getMessage())), String.valueOf(e.getMessage()));
        }
        messages.delivered(stored.id(), clock.instant());
        return stored.id();
    }

    private OutboundMessage store(CaseRef ref, List<String> to, String title, String text, String html) {
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a case mail needs at least one recipient");
        }
        Instant now = clock.instant();
        TrackingToken token = threads.open(ref, now);
        String messageId = domain.newMessageId(random);
        MailMessages.Threading threading = messages.threadingFor(ref.id());
        String subject = CaseMailSubject.of(ref.number().value(), title, token);
        long id = messages.insert(new NewMail(
                messageId,
                messageId,
                ref.id(),
                MailDirection.OUT,
                properties.from(),
                properties.fromName(),
                to,
                subject,
                text,
                html,
                threading.inReplyTo(),
                threading.references(),
                null,
                now,
                null,
                List.of(),
                false));
        return new OutboundMessage(
                id,
                messageId,
                properties.from(),
                properties.fromName(),
                to,
                subject,
                text,
                html,
                threading.inReplyTo(),
                threading.references());
    }
}
