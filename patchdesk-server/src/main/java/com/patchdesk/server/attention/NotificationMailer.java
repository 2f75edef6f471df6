package com.patchdesk.server.attention;

import com.patchdesk.server.accounts.DeskLocale;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.mail.MailProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends each engineer one mail per interval with everything new that asks for their attention, in their own
 * language. Only staff accounts are ever addressed (the query joins on the role): customers never get these.
 * Engineers who turned mail off get nothing; their notifications are marked so they do not pile up.
 */
@Component
class NotificationMailer {

    private static final Logger log = LoggerFactory.getLogger(NotificationMailer.class);

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> smtp;
    private final MessageSource messages;
    private final Clock clock;
    private final String from;

    NotificationMailer(
            JdbcClient jdbc,
            ObjectProvider<JavaMailSender> smtp,
            MessageSource messages,
            Clock clock,
            MailProperties mail) {
        this.jdbc = jdbc;
        this.smtp = smtp;
        this.messages = messages;
        this.clock = clock;
        this.from = mail.from();
    }

    private record Pending(
            long id,
            long userId,
            String email,
            String locale,
            boolean mailEnabled,
            String number,
            String title,
            NotificationKind kind,
            String detail) {}

    @Scheduled(
            fixedDelayString = "${patchdesk.attention.mail-interval:PT5M}",
            initialDelayString = "${patchdesk.attention.mail-interval:PT5M}")
    void scheduled() {
        sendDue();
    }

    /** Sends the batched mails; returns how many went out. */
    int sendDue() {
        JavaMailSender server = smtp.getIfAvailable();
        if (server == null) {
            return 0;
        }
        Map<Long, List<Pending>> byUser = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT n.id, n.user_id, u.email, u.locale, COALESCE(s.mail_enabled, TRUE) AS mail_enabled,
                       c.number, c.title, n.kind, n.detail
                FROM notifications n JOIN users u ON u.id = n.user_id JOIN cases c ON c.id = n.case_id
                     LEFT JOIN notification_settings s ON s.user_id = n.user_id
                WHERE n.mailed_at IS NULL AND n.read_at IS NULL AND u.enabled = TRUE
                  AND u.role IN ('ENGINEER', 'ADMIN')
                ORDER BY n.user_id, n.id""")
                .query((rs, n) -> new Pending(
                        rs.getLong("id"),
                        rs.getLong("user_id"),
                        rs.getString("email"),
                        rs.getString("locale"),
                        rs.getBoolean("mail_enabled"),
                        rs.getString("number"),
                        rs.getString("title"),
                        NotificationKind.valueOf(rs.getString("kind")),
                        rs.getString("detail")))
                .list()
                .forEach(pending -> byUser.computeIfAbsent(pending.userId(), id -> new ArrayList<>())
                        .add(pending));
        int sent = 0;
        for (List<Pending> batch : byUser.values()) {
            Pending first = batch.get(0);
            try {
                if (first.mailEnabled()) {
                    server.send(compose(server, batch));
                    sent++;
                }
                markMailed(batch);
            } catch (MailException | MessagingException e) {
                // Left unmailed: the next round tries again.
                log.warn("notification mail to {} failed: {}", first.email(), e.getMessage());
            }
        }
        return sent;
    }

    private MimeMessage compose(JavaMailSender server, List<Pending> batch) throws MessagingException {
        Pending first = batch.get(0);
        Locale locale = DeskLocale.parse(first.locale());
        long cases = batch.stream().map(Pending::number).distinct().count();
        StringBuilder body =
                new StringBuilder(messages.getMessage("attention.mail.intro", null, locale)).append("\n\n");
        for (Pending pending : batch) {
            body.append("- ")
                    .append(pending.number())
                    .append(" · ")
                    .append(pending.title())
                    .append("\n  ")
                    .append(messages.getMessage(
                            "attention.kind." + pending.kind().name(), null, locale));
            if (pending.detail() != null && pending.kind() != NotificationKind.SLA_DUE) {
                body.append(": ").append(pending.detail());
            }
            body.append("\n");
        }
        body.append("\n")
                .append(messages.getMessage("attention.mail.footer", null, locale))
                .append("\n");
        MimeMessage message = server.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(from);
        helper.setTo(first.email());
        helper.setSubject(messages.getMessage("attention.mail.subject", new Object[] {cases}, locale));
        helper.setText(body.toString());
        return message;
    }

    private void markMailed(List<Pending> batch) {
        Instant now = clock.instant();
        for (Pending pending : batch) {
            jdbc.sql("UPDATE notifications SET mailed_at = :now WHERE id = :id")
                    .param("now", UtcTimestamps.toSql(now))
                    .param("id", pending.id())
                    .update();
        }
    }
}
