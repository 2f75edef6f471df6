package com.patchdesk.server.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers queued case mail over SMTP, retrying with exponential back-off.
 *
 * <p>Several server instances may share the database: each mail is claimed before it is sent (see
 * {@link MailMessages#claim}), so one instance sends it. Delivery is at-least-once: if an instance stops between
 * SMTP accepting a mail and the outcome being recorded, the mail is sent again once its claim lapses, under the
 * same Message-ID, which mail clients show once.
 */
@Component
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 50;
    /** Longer than any SMTP conversation, attachments included; a claim older than this belongs to a dead sender. */
    static final Duration SEND_LEASE = Duration.ofMinutes(10);

    private final MailMessages messages;
    private final ObjectProvider<JavaMailSender> smtp;
    private final MailProperties.Outbox retry;
    private final Clock clock;
    private final ReentrantLock sending = new ReentrantLock();

    /**
     * {@code smtp} is absent until {@code spring.mail.host} is configured; mail written before that waits in
     * the outbox instead of being refused.
     */
    OutboxSender(MailMessages messages, ObjectProvider<JavaMailSender> smtp, MailProperties properties, Clock clock) {
        this.messages = messages;
        this.smtp = smtp;
        this.retry = properties.outbox();
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${patchdesk.mail.outbox.interval:PT10S}",
            initialDelayString = "${patchdesk.mail.outbox.interval:PT10S}")
    void scheduled() {
        sendDue();
    }

    /** Sends every mail whose attempt is due; returns how many SMTP accepted. */
    int sendDue() {
        JavaMailSender server = smtp.getIfAvailable();
        if (server == null) {
            return 0;
        }
        // One round at a time in this process; claims keep rounds of other instances off the same mail.
        if (!sending.tryLock()) {
            return 0;
        }
        try {
            int sent = 0;
            for (MailMessages.QueuedMail queued : messages.due(clock.instant(), BATCH)) {
                Instant now = clock.instant();
                if (messages.claim(queued, now, now.plus(SEND_LEASE))) {
                    sent += send(server, queued.message(), queued.attempts() + 1) ? 1 : 0;
                }
            }
            return sent;
        } finally {
            sending.unlock();
        }
    }

    private boolean send(JavaMailSender server, OutboundMessage mail, int attempts) {
        try {
            MimeMessage message = server.createMimeMessage();
            mail.writeTo(message);
            server.send(message);
            messages.delivered(mail.id(), clock.instant());
            return true;
        } catch (MessagingException | RuntimeException failure) {
            Instant now = clock.instant();
            boolean giveUp = attempts >= retry.maxAttempts();
            log.warn(
                    "mail {} attempt {} failed{}: {}",
                    mail.messageId(),
                    attempts,
                    giveUp ? ", giving up" : "",
                    failure.toString());
            messages.attemptFailed(
                    mail.id(), attempts, now.plus(backoff(attempts)), failure.toString(), giveUp ? now : null);
            return false;
        }
    }

    /** First retry after {@code firstRetry}, doubling each time, never longer than {@code maxRetry}. */
    Duration backoff(int attempts) {
        Duration wait = retry.firstRetry();
        for (int i = 1; i < attempts && wait.compareTo(retry.maxRetry()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retry.maxRetry()) > 0 ? retry.maxRetry() : wait;
    }
}
