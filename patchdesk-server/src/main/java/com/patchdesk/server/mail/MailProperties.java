package com.patchdesk.server.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code patchdesk.mail.*}: the identity Patchdesk sends as, the IMAP mailbox it reads and the limits it
 * applies. SMTP itself is Spring Boot's {@code spring.mail.*}.
 *
 * @param domain   right-hand side of every Message-ID Patchdesk generates
 * @param from     address case mail is sent from (and replies go to)
 * @param fromName display name for {@code from}
 */
@ConfigurationProperties("patchdesk.mail")
public record MailProperties(
        @DefaultValue("patchdesk.local") String domain,
        @DefaultValue("support@patchdesk.local") String from,
        @DefaultValue("Patchdesk Support") String fromName,
        @DefaultValue Imap imap,
        @DefaultValue Limits limits,
        @DefaultValue Outbox outbox,
        @DefaultValue Authentication authentication) {

    /**
     * The mailbox customers write to. Disabled by default so a fresh install never logs in anywhere.
     *
     * @param protocol    {@code imap} or {@code imaps}
     * @param errorFolder where mail that cannot be taken into a case is moved (created when missing)
     */
    record Imap(
            @DefaultValue("false") boolean enabled,
            String host,
            @DefaultValue("993") int port,
            @DefaultValue("imaps") String protocol,
            String user,
            String password,
            @DefaultValue("INBOX") String folder,
            @DefaultValue("Patchdesk-Errors") String errorFolder,
            @DefaultValue("PT1M") Duration interval,
            @DefaultValue("PT30S") Duration timeout) {}

    /** Bounds on what one inbound mail may make Patchdesk hold in memory or store. */
    record Limits(
            @DefaultValue("50MB") DataSize maxMessage,
            @DefaultValue("25MB") DataSize maxAttachment,
            @DefaultValue("200000") int maxTextChars) {}

    /**
     * The sender check of inbound mail from customers (see {@link SenderAuthenticity}).
     *
     * @param authservId the authserv-id our receiving mail server writes as the first token of its
     *                   {@code Authentication-Results} headers (e.g. {@code mx.example.cn}); headers with any other
     *                   id are ignored. Unset, no mail from a customer passes while its organisation checks.
     */
    record Authentication(String authservId) {}

    /**
     * Retry of outbound mail: the first retry waits {@code firstRetry}, each further one twice as long up to
     * {@code maxRetry}; after {@code maxAttempts} the mail is marked undeliverable for an engineer to see.
     */
    record Outbox(
            @DefaultValue("PT10S") Duration interval,
            @DefaultValue("PT30S") Duration firstRetry,
            @DefaultValue("PT1H") Duration maxRetry,
            @DefaultValue("20") int maxAttempts) {}
}
