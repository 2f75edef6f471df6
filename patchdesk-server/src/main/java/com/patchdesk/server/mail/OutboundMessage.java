package com.patchdesk.server.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * A case mail ready for SMTP, rebuilt from its stored row on every attempt so a retry sends exactly what the
 * engineer sent, under the same Message-ID.
 */
record OutboundMessage(
        long id,
        String messageId,
        String fromAddress,
        String fromName,
        List<String> to,
        String subject,
        String text,
        String html,
        String inReplyTo,
        String references) {

    OutboundMessage {
        Objects.requireNonNull(messageId, "messageId");
        to = List.copyOf(to);
    }

    /**
     * Fills a message: RFC 2047 encoded UTF-8 subject, UTF-8 text body (with an HTML alternative when there is
     * one), our Message-ID and the threading headers.
     */
    void writeTo(MimeMessage message) throws MessagingException {
        MimeMessageHelper helper = new MimeMessageHelper(message, html != null, StandardCharsets.UTF_8.name());
        try {
            helper.setFrom(new InternetAddress(fromAddress, fromName, StandardCharsets.UTF_8.name()));
        } catch (UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
        helper.setReplyTo(fromAddress);
        helper.setTo(to.toArray(String[]::new));
        helper.setSubject(subject);
        if (html != null) {
            helper.setText(text, html);
        } else {
            helper.setText(text);
        }
        message.setHeader("Message-ID", messageId);
        if (inReplyTo != null) {
            message.setHeader("In-Reply-To", inReplyTo);
        }
        if (references != null && !references.isBlank()) {
            message.setHeader("References", references);
        }
    }
}
