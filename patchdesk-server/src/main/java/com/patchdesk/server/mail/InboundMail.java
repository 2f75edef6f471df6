package com.patchdesk.server.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One received mail as Patchdesk understands it: decoded, size-limited, and safe to store and show.
 *
 * @param messageId   the Message-ID with angle brackets, or null when the mail had none (or an unusable one)
 * @param inReplyTo   message ids from In-Reply-To
 * @param references  message ids from References, oldest first
 * @param fromAddress the sender's address in lower case
 * @param fromName    the sender's display name, or null
 * @param dateHeader  the Date header exactly as sent (part of the fallback identity), or null
 * @param sentAt      the Date header as an instant, or null when missing or unreadable
 * @param automated   sent by a machine (bounce, auto-reply, delivery report): may join a thread, never opens one
 * @param notes       what best-effort parsing had to give up or repair, for the engineer to see
 * @param authenticationResults every {@code Authentication-Results} header, unfolded, top first (whoever wrote
 *                    them: {@link SenderAuthenticity} picks our receiving server's)
 */
record InboundMail(
        String messageId,
        List<String> inReplyTo,
        List<String> references,
        String fromAddress,
        String fromName,
        List<String> to,
        String subject,
        String dateHeader,
        Instant sentAt,
        String text,
        List<InboundAttachment> attachments,
        boolean automated,
        List<String> notes,
        List<String> authenticationResults) {

    InboundMail {
        Objects.requireNonNull(fromAddress, "fromAddress");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        inReplyTo = List.copyOf(inReplyTo);
        references = List.copyOf(references);
        to = List.copyOf(to);
        attachments = List.copyOf(attachments);
        notes = List.copyOf(notes);
        authenticationResults = List.copyOf(authenticationResults);
    }

    /**
     * What makes this mail "the same mail" when it is delivered or polled twice: its Message-ID, or, for mail
     * without one, a hash of sender, date, subject, body and attachments (a script that mails each collected bundle
     * with the same subject, an empty body and no Date sends different mails that differ in nothing else).
     */
    String identity() {
        if (messageId != null) {
            return messageId;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String field : new String[] {fromAddress, String.valueOf(dateHeader), subject, text}) {
                sha.update(field.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            for (InboundAttachment attachment : attachments) {
                sha.update(attachment.fileName().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(attachment.content());
                sha.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Ids of the messages this one answers, the direct parent first. */
    List<String> answeredIds() {
        List<String> ids = new ArrayList<>(inReplyTo);
        for (int i = references.size() - 1; i >= 0; i--) {
            if (!ids.contains(references.get(i))) {
                ids.add(references.get(i));
            }
        }
        return ids;
    }
}
