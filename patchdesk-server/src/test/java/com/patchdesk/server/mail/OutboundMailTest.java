package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:outbound;DB_CLOSE_DELAY=-1",
        "patchdesk.mail.domain=patchdesk.test",
        "patchdesk.mail.from=support@patchdesk.test",
        "patchdesk.mail.outbox.interval=PT1H"})
class OutboundMailTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort()})
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        MailTestClock clock() {
            return new MailTestClock(Instant.parse("2024-01-02T03:00:00Z"));
        }
    }

    @Autowired CaseMailOutbox outbox;
    @Autowired OutboxSender sender;
    @Autowired MailMessages messages;
    @Autowired MailProperties properties;
    @Autowired MailTestClock clock;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void emptyMailbox() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        jdbc.sql("DELETE FROM mail_outbox").update();
        jdbc.sql("DELETE FROM mail_messages").update();
        jdbc.sql("DELETE FROM mail_threads").update();
    }

    @Test
    void caseMailArrivesWithEncodedChineseSubjectOurMessageIdAndUtf8Body() throws Exception {
        long id = outbox.queue(7, "CAS-10610-F5B0M9", List.of("xu.ming@icbc-example.cn"),
                "KB5032196 补丁安装失败", "许先生，您好：\n请执行 Dism /online /cleanup-image /checkhealth", null);

        assertThat(sender.sendDue()).isEqualTo(1);

        MimeMessage received = greenMail.getReceivedMessages()[0];
        StoredMail stored = messages.find(7, id).orElseThrow();
        assertThat(received.getSubject())
                .matches("\\[CAS-10610-F5B0M9] KB5032196 补丁安装失败 \\[ref:[a-z2-7]{16}]")
                .isEqualTo(stored.subject());
        assertThat(received.getHeader("Subject", null)).startsWith("=?UTF-8?").doesNotContain("补丁");
        assertThat(received.getMessageID()).isEqualTo(stored.messageId()).endsWith("@patchdesk.test>");
        assertThat(received.getFrom()[0].toString()).contains("support@patchdesk.test");
        assertThat(received.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(((String) received.getContent()).replace("\r\n", "\n").strip())
                .isEqualTo("许先生，您好：\n请执行 Dism /online /cleanup-image /checkhealth");
        assertThat(stored.delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(stored.sentAt()).isEqualTo(clock.instant());
        assertThat(received.getHeader("In-Reply-To")).isNull();
    }

    @Test
    void laterMailsAnswerTheThreadsLatestMailAndKeepTheToken() throws Exception {
        outbox.queue(8, "CAS-12345-ABC123", List.of("it@bank-example.cn"), "第一封", "one", null);
        clock.advance(Duration.ofMinutes(1));
        outbox.queue(8, "CAS-12345-ABC123", List.of("it@bank-example.cn"), "第二封", "two", "<p>two</p>");
        sender.sendDue();

        MimeMessage first = greenMail.getReceivedMessages()[0];
        MimeMessage second = greenMail.getReceivedMessages()[1];
        assertThat(second.getHeader("In-Reply-To", null)).isEqualTo(first.getMessageID());
        assertThat(second.getHeader("References", null)).isEqualTo(first.getMessageID());
        assertThat(TrackingToken.findIn(second.getSubject())).isEqualTo(TrackingToken.findIn(first.getSubject()));
        assertThat(second.getContentType()).startsWith("multipart/");
    }

    @Test
    void smtpOutageKeepsTheMailQueuedAndItIsSentOnRetry() throws Exception {
        JavaMailSenderImpl down = new JavaMailSenderImpl();
        down.setHost("127.0.0.1");
        down.setPort(closedPort());
        Properties timeouts = new Properties();
        timeouts.put("mail.smtp.connectiontimeout", "2000");
        down.setJavaMailProperties(timeouts);
        OutboxSender failing = new OutboxSender(messages, provider(JavaMailSender.class, down), properties,
                provider(Clock.class, clock));
        long id = outbox.queue(9, "CAS-12345-ABC123", List.of("it@bank-example.cn"), "重试", "正文", null);

        assertThat(failing.sendDue()).isZero();

        StoredMail queued = messages.find(9, id).orElseThrow();
        assertThat(queued.delivery()).isEqualTo(DeliveryState.QUEUED);
        assertThat(queued.attempts()).isEqualTo(1);
        assertThat(queued.lastError()).isNotBlank();
        assertThat(sender.sendDue()).as("not due before the back-off has passed").isZero();

        clock.advance(properties.outbox().firstRetry());
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(messages.find(9, id).orElseThrow().delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(greenMail.getReceivedMessages()[0].getMessageID()).isEqualTo(queued.messageId());
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
        outbox.queue(10, "CAS-12345-ABC123", List.of("it@bank-example.cn"),
                "hello\r\nBcc: victim@example.com", "body", null);
        sender.sendDue();

        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getHeader("Bcc")).isNull();
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(received.getSubject()).startsWith("[CAS-12345-ABC123] hello Bcc: victim@example.com [ref:");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean(type.getSimpleName(), bean);
        return beans.getBeanProvider(type);
    }
}
