package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.cases.CaseRef;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

class OutboundMailTest extends CaseMailTestSupport {

    @Autowired
    CaseMailOutbox outbox;

    @Autowired
    OutboxSender sender;

    @Autowired
    MailMessages messages;

    @Autowired
    MailProperties properties;

    @Autowired
    MutableClock clock;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    private CaseRef openCase() {
        return fixtures.openCase(fixtures.organisation("工商银行"));
    }

    @Test
    void caseMailArrivesWithEncodedChineseSubjectOurMessageIdAndUtf8Body() throws Exception {
        CaseRef ref = openCase();
        long id = outbox.queue(
                ref,
                List.of("xu.ming@icbc-example.cn"),
                "KB5032196 补丁安装失败",
                "许先生，您好：\n请执行 Dism /online /cleanup-image /checkhealth",
                null);

        assertThat(sender.sendDue()).isEqualTo(1);

        MimeMessage received = MAIL_SERVER.getReceivedMessages()[0];
        StoredMail stored = messages.find(ref.id(), id).orElseThrow();
        assertThat(received.getSubject())
                .matches("\\[" + ref.number() + "] KB5032196 补丁安装失败 \\[ref:[a-z2-7]{26}]")
                .isEqualTo(stored.subject());
        assertThat(received.getHeader("Subject", null)).startsWith("=?UTF-8?").doesNotContain("补丁");
        assertThat(received.getMessageID()).isEqualTo(stored.messageId()).endsWith("@patchdesk.test>");
        assertThat(received.getFrom()[0].toString()).contains(SUPPORT_ADDRESS);
        assertThat(received.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(((String) received.getContent()).replace("\r\n", "\n").strip())
                .isEqualTo("许先生，您好：\n请执行 Dism /online /cleanup-image /checkhealth");
        assertThat(received.getHeader("In-Reply-To")).isNull();
        assertThat(stored.delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(stored.sentAt()).isEqualTo(clock.instant());
    }

    @Test
    void laterMailsAnswerTheThreadsLatestMailAndKeepTheToken() throws Exception {
        CaseRef ref = openCase();
        outbox.queue(ref, List.of("it@bank-example.cn"), "第一封", "one", null);
        clock.advance(Duration.ofMinutes(1));
        outbox.queue(ref, List.of("it@bank-example.cn"), "第二封", "two", "<p>two</p>");
        sender.sendDue();

        MimeMessage first = MAIL_SERVER.getReceivedMessages()[0];
        MimeMessage second = MAIL_SERVER.getReceivedMessages()[1];
        assertThat(second.getHeader("In-Reply-To", null)).isEqualTo(first.getMessageID());
        assertThat(second.getHeader("References", null)).isEqualTo(first.getMessageID());
        assertThat(TrackingToken.findIn(second.getSubject())).isEqualTo(TrackingToken.findIn(first.getSubject()));
        assertThat(second.getContentType()).startsWith("multipart/");
    }

    @Test
    void eachCaseHasItsOwnToken() throws Exception {
        outbox.queue(openCase(), List.of("it@bank-example.cn"), "a", "a", null);
        outbox.queue(openCase(), List.of("it@bank-example.cn"), "b", "b", null);
        sender.sendDue();

        assertThat(TrackingToken.findIn(MAIL_SERVER.getReceivedMessages()[0].getSubject()))
                .isNotEqualTo(TrackingToken.findIn(MAIL_SERVER.getReceivedMessages()[1].getSubject()));
    }

    @Test
    void smtpOutageKeepsTheMailQueuedAndItIsSentOnRetry() throws Exception {
        CaseRef ref = openCase();
        OutboxSender failing =
                new OutboxSender(messages, provider(JavaMailSender.class, unreachableSmtp()), properties, clock);
        long id = outbox.queue(ref, List.of("it@bank-example.cn"), "重试", "正文", null);

        assertThat(failing.sendDue()).isZero();

        StoredMail queued = messages.find(ref.id(), id).orElseThrow();
        assertThat(queued.delivery()).isEqualTo(DeliveryState.QUEUED);
        assertThat(queued.attempts()).isEqualTo(1);
        assertThat(queued.lastError()).isNotBlank();
        assertThat(sender.sendDue())
                .as("not due before the back-off has passed")
                .isZero();

        clock.advance(properties.outbox().firstRetry());
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(messages.find(ref.id(), id).orElseThrow().delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(MAIL_SERVER.getReceivedMessages()).hasSize(1);
        assertThat(MAIL_SERVER.getReceivedMessages()[0].getMessageID()).isEqualTo(queued.messageId());
    }

    @Test
    void mailIsGivenUpAfterTheLastAttemptAndShownUndeliverable() throws Exception {
        CaseRef ref = openCase();
        OutboxSender failing =
                new OutboxSender(messages, provider(JavaMailSender.class, unreachableSmtp()), properties, clock);
        long id = outbox.queue(ref, List.of("it@bank-example.cn"), "放弃", "正文", null);

        for (int attempt = 0; attempt < properties.outbox().maxAttempts(); attempt++) {
            failing.sendDue();
            clock.advance(properties.outbox().maxRetry());
        }

        StoredMail abandoned = messages.find(ref.id(), id).orElseThrow();
        assertThat(abandoned.delivery()).isEqualTo(DeliveryState.UNDELIVERABLE);
        assertThat(abandoned.attempts()).isEqualTo(properties.outbox().maxAttempts());
        assertThat(sender.sendDue()).as("undeliverable mail is not retried").isZero();
    }

    @Test
    void twoServerInstancesSharingTheDatabaseSendEachMailOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(outbox.queue(openCase(), List.of("it@bank-example.cn"), "并发 " + i, "正文 " + i, null));
        }
        // A second instance: its own sender and SMTP client, the same database and mail server.
        OutboxSender otherInstance =
                new OutboxSender(messages, provider(JavaMailSender.class, greenMailSmtp()), properties, clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> here = pool.submit(sender::sendDue);
            Future<Integer> there = pool.submit(otherInstance::sendDue);
            assertThat(here.get(60, TimeUnit.SECONDS) + there.get(60, TimeUnit.SECONDS))
                    .isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }

        MimeMessage[] received = MAIL_SERVER.getReceivedMessages();
        assertThat(received).hasSize(40);
        assertThat(Arrays.stream(received).map(m -> header(m, "Message-ID")).distinct())
                .hasSize(40);
        assertThat(ids)
                .allSatisfy(id -> assertThat(
                                messages.find(caseOf(id), id).orElseThrow().delivery())
                        .isEqualTo(DeliveryState.SENT));
    }

    @Test
    void mailClaimedByASenderThatDiedIsSentAgainWhenTheClaimLapses() throws Exception {
        CaseRef ref = openCase();
        long id = outbox.queue(ref, List.of("it@bank-example.cn"), "孤儿邮件", "正文", null);
        MailMessages.QueuedMail queued = messages.due(clock.instant(), 100).stream()
                .filter(q -> q.message().id() == id)
                .findFirst()
                .orElseThrow();
        assertThat(messages.claim(queued, clock.instant(), clock.instant().plus(OutboxSender.SEND_LEASE)))
                .isTrue();
        assertThat(messages.claim(queued, clock.instant(), clock.instant().plus(OutboxSender.SEND_LEASE)))
                .as("a second claim of the same attempt")
                .isFalse();

        assertThat(sender.sendDue()).as("still claimed by the dead sender").isZero();
        clock.advance(OutboxSender.SEND_LEASE);

        OutboxSender failing =
                new OutboxSender(messages, provider(JavaMailSender.class, unreachableSmtp()), properties, clock);
        assertThat(failing.sendDue()).isZero();
        assertThat(messages.find(ref.id(), id).orElseThrow().attempts())
                .as("the lost attempt counts")
                .isEqualTo(2);
        clock.advance(properties.outbox().maxRetry());

        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(MAIL_SERVER.getReceivedMessages()).hasSize(1);
        assertThat(messages.find(ref.id(), id).orElseThrow().delivery()).isEqualTo(DeliveryState.SENT);
    }

    private long caseOf(long mailId) {
        return jdbc.sql("SELECT case_id FROM mail_messages WHERE id = ?")
                .param(mailId)
                .query(Long.class)
                .single();
    }

    private static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JavaMailSender greenMailSmtp() {
        JavaMailSenderImpl smtp = new JavaMailSenderImpl();
        smtp.setHost("127.0.0.1");
        smtp.setPort(MAIL_SERVER.getSmtp().getPort());
        return smtp;
    }

    @Test
    void backOffDoublesUpToTheMaximum() {
        assertThat(sender.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(sender.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(sender.backoff(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(sender.backoff(30)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void titleWithLineBreaksCannotAddHeaders() throws Exception {
        outbox.queue(openCase(), List.of("it@bank-example.cn"), "hello\r\nBcc: victim@example.com", "body", null);
        sender.sendDue();

        MimeMessage received = MAIL_SERVER.getReceivedMessages()[0];
        assertThat(MAIL_SERVER.getReceivedMessages()).hasSize(1);
        assertThat(received.getHeader("Bcc")).isNull();
        assertThat(received.getSubject()).contains("] hello Bcc: victim@example.com [ref:");
    }

    private static JavaMailSenderImpl unreachableSmtp() throws Exception {
        JavaMailSenderImpl down = new JavaMailSenderImpl();
        down.setHost("127.0.0.1");
        try (ServerSocket socket = new ServerSocket(0)) {
            down.setPort(socket.getLocalPort()); // closed again before use: connection refused
        }
        Properties timeouts = new Properties();
        timeouts.put("mail.smtp.connectiontimeout", "2000");
        down.setJavaMailProperties(timeouts);
        return down;
    }

    private static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean(type.getSimpleName(), bean);
        return beans.getBeanProvider(type);
    }
}
