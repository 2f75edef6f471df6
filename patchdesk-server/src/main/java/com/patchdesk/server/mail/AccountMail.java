package com.patchdesk.server.mail;

import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Mail about a person's account rather than a case (the forgotten-password link), in the person's language, sent
 * through the same SMTP server and sender identity as case mail. It is not queued in the case outbox: that table
 * belongs to case threads, and a reset link that arrives hours late is worthless; the user simply asks again.
 * Sending happens off the request thread so that the answer takes as long for a known address as for an unknown one.
 */
@Service
public class AccountMail {

    private static final Logger log = LoggerFactory.getLogger(AccountMail.class);

    private final ObjectProvider<JavaMailSender> smtp;
    private final MailProperties properties;
    private final MessageSource messages;
    /** One daemon thread: account mail is rare, and a slow SMTP server must not hold up the asker's answer. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "account-mail");
        thread.setDaemon(true);
        return thread;
    });

    AccountMail(ObjectProvider<JavaMailSender> smtp, MailProperties properties, MessageSource messages) {
        this.smtp = smtp;
        this.properties = properties;
        this.messages = messages;
    }

    /** Mails {@code link} to {@code to}; failures are logged, never shown to whoever asked (they may not own it). */
    public void sendPasswordReset(String to, String name, Locale locale, String link, Duration validFor) {
        String subject = messages.getMessage("mail.passwordReset.subject", null, locale);
        String body =
                messages.getMessage("mail.passwordReset.body", new Object[] {name, link, validFor.toMinutes()}, locale);
        sender.execute(() -> send(to, subject, body));
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
    }

    private void send(String to, String subject, String body) {
        JavaMailSender server = smtp.getIfAvailable();
        if (server == null) {
            log.warn("a password reset was asked for, but no SMTP server is configured (spring.mail.host)");
            return;
        }
        try {
            MimeMessage message = server.createMimeMessage();
            message.setFrom(
                    new InternetAddress(properties.from(), properties.fromName(), StandardCharsets.UTF_8.name()));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(body, StandardCharsets.UTF_8.name());
            server.send(message);
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            log.warn("the password reset mail could not be sent: {}", e.toString());
        }
    }
}
