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
 * <p>Delivery is at-least-once: if the server stops between SMTP accepting a mail and the outbox row being
 * deleted, the mail is sent again after restart, under the same Message-ID, which mail clients show once.
 */
@Component
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 50;

    private final MailMessages messages;
    private final ObjectProvider<JavaMailSender> smtp;
    private final MailProperties.Outbox retry;
    private final Clock clock;
    private final ReentrantLock sending = new ReentrantLock();

    /**
     * {@code smtp} is absent until {@code spring.mail.host} is configured; mail written before that waits in
     * the outbox instead of being refused.
     */
    OutboxSender(MailMessages messages, ObjectProvider<JavaMailSender> smtp, MailProperties properties,
            Clock clock) {
        this.messages = messages;
        this.smtp = smtp;
        this.retry = properties.outbox();
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${patchdesk.mail.outbox.interval:PT10S}",
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
        // One sender at a time in this process, so a slow SMTP server cannot make two rounds send one mail twice.
        if (!sending.tryLock()) {
            return 0;
        }
        try {
            int sent = 0;
            for (OutboundMessage mail : messages.due(clock.instant(), BATCH)) {
                sent += send(server, mail) ? 1 : 0;
            }
            return sent;
        } finally {
            sending.unlock();
        }
    }

    private boolean send(JavaMailSender server, OutboundMessage mail) {
        try {
            MimeMessage message = server.createMimeMessage();
            mail.writeTo(message);
            server.send(message);
            messages.delivered(mail.id(), clock.instant());
            return true;
        } catch (MessagingException | RuntimeException failure) {
            int attempts = messages.attempts(mail.id()) + 1;
            Instant now = clock.instant();
            boolean giveUp = attempts >= retry.maxAttempts();
            log.warn("mail {} attempt {} failed{}: {}", mail.messageId(), attempts,
                    giveUp ? ", giving up" : "", failure.toString());
            messages.attemptFailed(mail.id(), attempts, now.plus(backoff(attempts)), failure.toString(),
                    giveUp ? now : null);
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
