package com.patchdesk.server.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
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

    /** The characters of a message id that may go into a header: printable ASCII but the angle brackets. */
    static final String ID_CHARACTERS = "[\\x21-\\x3B\\x3D\\x3F-\\x7E]";

    private static final Pattern WRITABLE_ID = Pattern.compile("<" + ID_CHARACTERS + "{1,250}>");

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
        String answered = writableIds(inReplyTo);
        if (!answered.isEmpty()) {
            message.setHeader("In-Reply-To", answered);
        }
        String referenced = writableIds(references);
        if (!referenced.isEmpty()) {
            message.setHeader("References", referenced);
        }
    }

    /**
     * The ids of a threading header that can be written as they are; others are left out. Ids come from received mail,
     * and the mail library writes a header's characters as single bytes: one outside ASCII could end the header.
     */
    static String writableIds(String ids) {
        if (ids == null) {
            return "";
        }
        StringBuilder writable = new StringBuilder();
        for (String id : ids.strip().split("\\s+")) {
            if (WRITABLE_ID.matcher(id).matches()) {
                writable.append(writable.isEmpty() ? "" : " ").append(id);
            }
        }
        return writable.toString();
    }
}
